# syntax=docker/dockerfile:1
#
# .NET 10 images are Ubuntu 24.04 only (Microsoft stopped publishing Debian images), and on Ubuntu `chromium` is a
# snap stub that cannot run in a container and OpenCV's packages carry other names. So the managed app is built on
# the SDK image, while the native layer is built and the app runs on Debian 12, the OS the project is developed and
# tested on, with the ASP.NET Core runtime copied in from the official aspnet:10.0 image.

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

# Built on the same Debian 12 as the runtime stage so the shim links against the exact OpenCV 4.6 and glibc it runs on.
FROM debian:bookworm-slim AS native
RUN apt-get update \
    && apt-get install -y --no-install-recommends cmake make g++ \
        libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libopencv-dnn-dev libopencv-ml-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The native layer may not exist yet; the image must build either way.
RUN mkdir -p /out \
    && if [ -f native/CMakeLists.txt ]; then \
        cmake -S native -B native/build -DCMAKE_BUILD_TYPE=Release \
        && cmake --build native/build \
        && find native/build -name 'libsmartparking_vision.so*' -exec cp -P {} /out/ \; ; \
    fi

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ca-certificates libicu72 libssl3 libstdc++6 libgcc-s1 tzdata curl \
        chromium fonts-noto-cjk \
        libopencv-core406 libopencv-imgproc406 libopencv-imgcodecs406 libopencv-dnn406 libopencv-ml406 \
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
COPY --from=native /out/ ./
RUN mkdir -p /app/App_Data && chown -R app:app /app/App_Data
VOLUME /app/App_Data

USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "SmartParking.Web.dll"]
