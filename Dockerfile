# Reelforge in a container: `reelforge serve` by default; `reelforge worker` with the same image.
# Not built on the machine this repository is developed on (no container registry is reachable
# there); it uses only the official .NET images and Debian's packages, as scripts/install-deps.sh does.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Reelforge.Cli -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ffmpeg espeak-ng fontconfig fonts-dejavu-core fonts-noto-core fonts-noto-color-emoji fonts-droid-fallback \
      fonts-bebas-neue fonts-league-spartan fonts-inter fonts-lato unicode-cldr-core curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV REELFORGE_DATA=/data
VOLUME /data
EXPOSE 8080
HEALTHCHECK CMD curl -sf http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "/app/reelforge.dll"]
CMD ["serve", "--urls", "http://0.0.0.0:8080"]
