from alpine
run apk add \
  curl
run true
CMD ["sh"]
FROM x
