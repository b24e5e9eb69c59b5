# waiaas container image (Docker channel, DOCK-01).
#
# It packages the runtime image the build already made (`./mvnw package` writes bootstrap/target/image: a jlink'd
# JDK, the application's modules and bin/waiaas); nothing is compiled here, so the container runs exactly the
# bits the tests ran. The base is a build argument so the image can be built offline from a local base
# (scripts/container/smoke makes one with debootstrap); the release workflow uses the default.
ARG BASE_IMAGE=docker.io/library/debian:bookworm-slim
FROM ${BASE_IMAGE}

ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE=https://github.com/waiaas/waiaas
ARG LICENSES=NOASSERTION
ARG UID=10001

LABEL org.opencontainers.image.title="waiaas" \
      org.opencontainers.image.description="Self-hosted daemon with a self-updating CLI; state in one SQLite database under /data" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="${LICENSES}" \
      com.centurylinklabs.watchtower.enable="true" \
      com.centurylinklabs.watchtower.lifecycle.pre-update="waiaas backup create --reason pre-update" \
      com.centurylinklabs.watchtower.lifecycle.pre-update-timeout="5"

# A fixed, non-root uid owns /data; the code in /opt/waiaas stays root-owned, so the daemon cannot change it
# (a container's code is replaced as a whole, by pulling a new image: DOCK-B2).
RUN groupadd --system --gid "${UID}" waiaas \
 && useradd --system --uid "${UID}" --gid waiaas --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin waiaas \
 && mkdir -p /data \
 && chown waiaas:waiaas /data \
 && chmod 0700 /data

COPY bootstrap/target/image /opt/waiaas
COPY docker/healthcheck /usr/local/bin/waiaas-healthcheck

# The image's own AOT caches: a JDK 25 cache matches only the absolute path it was trained at, so the build's
# (made in the build tree, and left out of the build context by .dockerignore) could never be used here. Trained
# here, at /opt/waiaas, with the image's own launcher: every command in the container starts as fast as in the
# build tree. A training that fails leaves no cache (and the image works, slower).
RUN /opt/waiaas/lib/waiaas-aot && rm -f /opt/waiaas/lib/waiaas-aot.log

# WAIAAS_IN_CONTAINER tells `waiaas upgrade` to refuse and point at a new image instead (DOCK-B2).
ENV PATH=/opt/waiaas/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    WAIAAS_DATA_DIR=/data \
    WAIAAS_DAEMON_HOSTNAME=0.0.0.0 \
    WAIAAS_IN_CONTAINER=1

USER waiaas
WORKDIR /data
VOLUME ["/data"]
EXPOSE 3100

# bash's /dev/tcp instead of curl: the slim base has no curl, and a probe every 30 s should not start a JVM.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["/usr/local/bin/waiaas-healthcheck"]

# `waiaas start` runs the daemon in the foreground and execs java, so `docker stop`'s SIGTERM reaches the JVM.
# Every start applies the schema rules (CMPT-01/02/03): migrate after a pre-migration backup, or refuse with exit 5.
ENTRYPOINT ["/opt/waiaas/bin/waiaas"]
CMD ["start"]
