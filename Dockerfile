# Container recipe for a Training node. Build and run:
#   docker build -t training .
#   docker run -p 8080:8080 -v training-data:/var/lib/training \
#     -e Site__PublicBaseUrl=https://training.city.example.jp -e Bootstrap__AdminEmail=admin@city.example.jp training
# For several nodes, set Database__Provider=PostgreSql and Database__ConnectionString, and mount one shared volume
# at /var/lib/training on every node (issued certificate PDFs live there). Configuration is by environment variables
# (Section__Key); appsettings.sample.json lists every key.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Training.Web -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# IPAmj明朝 for rare name characters (𠮷) the bundled fonts lack; pg_dump/pg_restore for the backup command;
# curl for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-ipamj-mincho postgresql-client curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
RUN useradd --system --home /var/lib/training training && install -d -o training -g training /var/lib/training
USER training
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS=http://+:8080 \
    Logging__Console__FormatterName=json \
    Site__DataDirectory=/var/lib/training \
    Database__ConnectionString="Data Source=/var/lib/training/training.db" \
    Jobs__StoragePath=/var/lib/training/hangfire.db
VOLUME /var/lib/training
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1
ENTRYPOINT ["dotnet", "Training.Web.dll"]
