/^build/d
/^path/d
/^source/d
/^license/d
/^validation/d
/^library/d
