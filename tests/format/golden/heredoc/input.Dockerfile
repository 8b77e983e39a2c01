# syntax=docker/dockerfile:1
FROM alpine
run   <<EOF   
  echo   "keep   me"   
	tabs stay	
EOF
COPY <<-CONF /etc/app.conf
	key = value  
	CONF
RUN python3 <<'PY'
print( "x" )
PY
RUN <<EOF bash
set -e;   echo   hi
EOF
