module github.com/libvpostcode/libvpostcode/bindings/go

go 1.19
