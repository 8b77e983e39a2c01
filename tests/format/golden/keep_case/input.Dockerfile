from alpine
Run  apk add curl
cmd ["sh"]   
