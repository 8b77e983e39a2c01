from alpine
run  a && \
   b


CMD ["x","y"]
