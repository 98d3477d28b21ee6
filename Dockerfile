# syntax=docker/dockerfile:1
#
# .NET 10 images are Ubuntu 24.04 only (Microsoft stopped publishing Debian images), and on Ubuntu `chromium` is a
# snap stub that cannot run in a container. So the app is built on the SDK image and runs on Debian 12, the OS the
# project is developed and tested on, with the ASP.NET Core runtime copied in from the official aspnet:10.0 image.
# Plate recognition's OpenCV comes with OpenCvSharp4's NuGet runtime; it loads the GTK, JPEG and PNG libraries below.
# ONNX Runtime (the networks, decision 058) comes with its NuGet package and needs only libstdc++.

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS aspnet

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Restore first, from the project files alone, so that code changes reuse the restored layer.
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/ build/
COPY SmartParking.Domain/SmartParking.Domain.csproj SmartParking.Domain/
COPY SmartParking.Infrastructure/SmartParking.Infrastructure.csproj SmartParking.Infrastructure/
COPY SmartParking.Web/SmartParking.Web.csproj SmartParking.Web/
RUN dotnet restore SmartParking.Web/SmartParking.Web.csproj
COPY . .
RUN dotnet publish SmartParking.Web/SmartParking.Web.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ca-certificates libicu72 libssl3 libstdc++6 libgcc-s1 tzdata curl \
        chromium fonts-noto-cjk \
        libgtk-3-0 libjpeg62-turbo libpng16-16 libfreetype6 libharfbuzz0b \
    && rm -rf /var/lib/apt/lists/*
COPY --from=aspnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet

ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_NOLOGO=true

# Same UID as the official .NET images' non-root user, so volume ownership carries over.
ARG APP_UID=1654
RUN groupadd --gid ${APP_UID} app \
    && useradd --uid ${APP_UID} --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /app/App_Data && chown -R app:app /app/App_Data
VOLUME /app/App_Data

USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "SmartParking.Web.dll"]
