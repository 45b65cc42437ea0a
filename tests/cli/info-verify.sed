/^pre-2025 tables/q
/^path/d
/^runtime file  /d
/^runtime file size/d
/^library/d
