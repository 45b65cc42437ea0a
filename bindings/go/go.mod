module vpostcode

go 1.19
