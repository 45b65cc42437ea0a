/^build/d
/^path/d
/^source/d
/^license/d
/^validation/d
/^library/d
/^runtime file  /d
/^runtime file size/d
