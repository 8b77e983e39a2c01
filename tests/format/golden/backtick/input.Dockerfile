# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
run   powershell -Command `
      Write-Host hi ; `
  Write-Host there
WORKDIR C:\app\
COPY . C:\app\
