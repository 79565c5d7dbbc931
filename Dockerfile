# Build: the SDK image with Node.js (the build runs `npm ci` for the front-end packages of package.json).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/SoundlinkDashboard -c Release -o /app

# Run: the ASP.NET runtime image as its non-root "app" user; the database and the Data Protection key ring
# live in the one volume /data. Every setting can be given as an environment variable (Section__Key=value).
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__Default="Data Source=/data/soundlink.db" \
    DataProtection__KeysPath=/data/keys \
    Demo__Enabled=false
RUN mkdir -p /data && chown app:app /data
USER app
VOLUME /data
EXPOSE 8080
# `health` asks the app's own /healthz (database reachable, migrations applied); the image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["dotnet", "SoundlinkDashboard.dll", "health", "--url", "http://127.0.0.1:8080/healthz"]
# SIGTERM (docker stop) lets running sync slices commit or roll back before the process ends.
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "SoundlinkDashboard.dll"]
