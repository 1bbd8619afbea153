/**
 * A real Synapse homeserver in a container for integration tests:
 * {@link org.matrixregistration.testkit.SynapseContainer}. One test-scoped dependency,
 * {@code org.matrixregistration:registration-testkit}, brings it with Testcontainers.
 *
 * <h2>What the machine needs</h2>
 * <ul>
 *   <li><b>A Docker engine Testcontainers reaches</b> ({@code /var/run/docker.sock}, or
 *       {@code DOCKER_HOST}). Docker 20.10 with its classic builder is enough.</li>
 *   <li><b>The base image {@code debian:sid-slim} in that engine.</b> The homeserver image is not
 *       pulled: it is built locally from Debian sid's {@code matrix-synapse} package (Synapse 1.160;
 *       Debian's stable releases have none). Where a registry is reachable,
 *       {@code docker pull debian:sid-slim}; where none is, bootstrap it (about 45 s):
 *       {@code debootstrap --variant=minbase sid DIR http://deb.debian.org/debian} and
 *       {@code tar -C DIR -c . | docker import - debian:sid-slim}, which this project's
 *       {@code .ci/lib/base-images.sh} does. Without it, starting a container fails at once and
 *       says so.</li>
 *   <li><b>A Debian mirror the build reaches</b>: the build runs {@code apt-get install
 *       matrix-synapse} (with {@code Check-Valid-Until=false}, so a dated snapshot mirror
 *       serves).</li>
 *   <li><b>Time, once.</b> The cold build takes 70 to 90 s on two cores. The image is tagged with a
 *       hash of its build files, so later runs, in any project, use it without building; changed
 *       build files are rebuilt from Docker's layer cache in seconds. A container is ready in 4 to
 *       6 s.</li>
 *   <li><b>Testcontainers settings</b>, only where the machine needs them, as environment
 *       variables of the test JVM (Surefire's or Failsafe's {@code environmentVariables}):
 *     <ul>
 *       <li>{@code TESTCONTAINERS_RYUK_DISABLED=true} where the Ryuk image cannot be pulled (no
 *           registry). Containers are then removed only when stopped: the shared ones by a
 *           shutdown hook, the others by the test; a JVM that is killed leaves them
 *           behind.</li>
 *       <li>{@code TESTCONTAINERS_HOST_OVERRIDE=localhost} where the machine has a
 *           {@code /.dockerenv} file but its engine's ports are on localhost (a build machine made
 *           from a container image): otherwise Testcontainers believes it runs inside a container
 *           and tries to pull an image to find the gateway, and gives up only after minutes.</li>
 *     </ul>
 *   </li>
 * </ul>
 */
package org.matrixregistration.testkit;
