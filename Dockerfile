# Build: the SDK image. Run: the ASP.NET runtime image as a non-root user, data in one volume.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Node.js installs the front-end packages (package.json) during the build.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/SoundlinkDashboard -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 \
    ConnectionStrings__Default="Data Source=/data/soundlink.db"
RUN mkdir -p /data && chown app:app /data
USER app
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "SoundlinkDashboard.dll"]
