# The service image: built from this repository with the Maven wrapper, run on a JRE as a user
# without privileges. Base images are pinned to a release, so a rebuild gets the same Java.
FROM eclipse-temurin:17.0.15_6-jdk AS build
WORKDIR /src
# The build's dependencies first, in a layer of their own: a change to the code does not download
# them again (only the poms invalidate it).
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY billing-core/pom.xml billing-core/
COPY billing-projections/pom.xml billing-projections/
COPY billing-api/pom.xml billing-api/
COPY billing-bench/pom.xml billing-bench/
RUN ./mvnw -B -q dependency:go-offline
COPY . .
RUN ./mvnw -B -q -pl billing-api -am package -DskipTests

FROM eclipse-temurin:17.0.15_6-jre
RUN groupadd --system billing && useradd --system --gid billing --home-dir /app --no-create-home billing \
    && mkdir /app && chown billing:billing /app
WORKDIR /app
COPY --from=build /src/billing-api/target/billing-api-0.1.0-SNAPSHOT-exec.jar /app/billing-api.jar
USER billing
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/billing-api.jar"]
