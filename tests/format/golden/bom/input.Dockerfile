from alpine
run  true
