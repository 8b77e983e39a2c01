from  alpine:3.20   as   build
run   apk add --no-cache curl
onbuild   run echo hi
Env A=1
copy --from=build    --chmod=644 /a    /b
workdir   /srv/my  app
FROM scratch AS final
