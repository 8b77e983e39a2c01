

# a comment   
FROM alpine   



RUN true
   # indented comment



CMD ["sh"]


