package org.matrixregistration.testkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The image {@link SynapseContainer} runs, built from the build context this jar carries under
 * {@value #RESOURCES} (a copy of {@code registration-testkit/src/main/docker/synapse}). Its tag is a
 * hash of those files' names and contents, so a changed Dockerfile makes a new image and an
 * unchanged one is never rebuilt, in any project that uses this jar.
 */
final class SynapseImage {
    static final String RESOURCES = "org/matrixregistration/testkit/synapse/";
    private static final List<String> FILES = List.of("Dockerfile", "entrypoint.sh", "generate_config.py");
    private static Future<String> image;

    private SynapseImage() {
    }

    /**
     * The image: reused as it is when its tag exists, else built (once per JVM, shared by every
     * container). Fails at once, with the remedy, when the base image is missing: on a machine
     * without a registry a build would otherwise wait for a pull that cannot succeed.
     */
    static synchronized Future<String> get() {
        if (image == null) {
            String tag = SynapseContainer.IMAGE_REPOSITORY + ":" + contentHash();
            DockerClient docker = DockerClientFactory.instance().client();
            if (exists(docker, tag)) {
                image = CompletableFuture.completedFuture(tag);
            } else {
                if (!exists(docker, SynapseContainer.BASE_IMAGE)) {
                    throw new IllegalStateException("Docker image " + SynapseContainer.BASE_IMAGE + " is missing:"
                            + " `docker pull " + SynapseContainer.BASE_IMAGE + "` where a registry is reachable,"
                            + " else make it with debootstrap (matrix-registration's .ci/lib/base-images.sh does)");
                }
                ImageFromDockerfile build = new ImageFromDockerfile(tag, false);
                FILES.forEach(file -> build.withFileFromClasspath(file, RESOURCES + file));
                image = build;
            }
        }
        return image;
    }

    private static boolean exists(DockerClient docker, String imageName) {
        try {
            docker.inspectImageCmd(imageName).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String contentHash() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (String file : FILES) {
                try (InputStream in = SynapseImage.class.getClassLoader().getResourceAsStream(RESOURCES + file)) {
                    if (in == null) {
                        throw new IllegalStateException("classpath resource " + RESOURCES + file + " is missing;"
                                + " is registration-testkit's jar on the test classpath?");
                    }
                    sha256.update(file.getBytes(StandardCharsets.UTF_8));
                    sha256.update((byte) 0);
                    sha256.update(in.readAllBytes());
                    sha256.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(sha256.digest()).substring(0, 16);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot hash the Synapse image's files", e);
        }
    }
}
