from alpine
run apk add \
    curl
run true
cmd ["sh"]
from x
