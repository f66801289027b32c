# The service image: built from this repository with the Maven wrapper, run on a JRE.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q install -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/billing-api/target/billing-api-0.1.0-SNAPSHOT-exec.jar /app/billing-api.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/billing-api.jar"]
