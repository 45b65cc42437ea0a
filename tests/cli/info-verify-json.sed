s/^{"path":"[^"]*","runtime_file":"[^"]*",/{/
s/"file_size":"[0-9][0-9]*"/"file_size":"N"/
s/,"library".*/}/
