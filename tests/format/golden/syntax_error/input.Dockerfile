from alpine
run  echo ok
RUN <<EOF
echo never ends
