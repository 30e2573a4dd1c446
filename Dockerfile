# syntax=docker/dockerfile:1
# The hindsight command in a small Debian image: the release binary (Swift runtime linked in),
# the shared libraries it needs and the pinned fonts, nothing else (no Swift toolchain).
#   docker build -t hindsight .
#   docker run --rm -v "$PWD:/work" hindsight batch incidents -o figures
# The runtime package list below is `scripts/install-deps.sh runtime --list`; a test
# (ContainerTests) checks the two agree and that the binary needs no library they lack.

FROM swift:6.3-bookworm AS build
WORKDIR /src
COPY scripts/install-deps.sh scripts/
RUN bash scripts/install-deps.sh build && rm -rf /var/lib/apt/lists/*
# Dependencies first: this layer is reused until Package.swift changes.
COPY Package.swift ./
RUN swift package resolve
COPY Sources Sources
COPY Plugins Plugins
# Not built, but the manifest names the test targets and SwiftPM wants their folders.
COPY Tests Tests
COPY scripts/build-release.sh scripts/
RUN install -D -m 0755 "$(bash scripts/build-release.sh)" /out/hindsight

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        libc6 libcairo2 libpango-1.0-0 libpangocairo-1.0-0 libpangoft2-1.0-0 \
        libglib2.0-0 libfontconfig1 libfreetype6 libharfbuzz0b zlib1g libdeflate0 \
        libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6 \
        libstdc++6 libgcc-s1 \
        fonts-inter fonts-noto-color-emoji fonts-dejavu-core fonts-noto-core fonts-noto-cjk \
        tzdata \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/hindsight /usr/local/bin/hindsight
RUN useradd --create-home --uid 10001 --user-group hindsight
USER hindsight
WORKDIR /work
ENTRYPOINT ["hindsight"]
CMD ["--help"]
