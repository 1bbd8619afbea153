package org.matrixregistration.synapse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.synapse.SynapseHttp.Answer;
import org.matrixregistration.synapse.SynapseHttp.Failure;
import org.matrixregistration.synapse.SynapseHttp.Response;

/**
 * Whether Synapse answers at server_location, the first part of both health checks: the client
 * API's versions, {@code /health}, and Synapse's own version. Changes nothing; costs up to four
 * requests, each bounded by the request timeout, and stops after the first if nothing answers.
 */
final class SynapseReachability {
    static final String CLIENT_VERSIONS = "/_matrix/client/versions";
    static final String HEALTH = "/health";
    static final String ADMIN_SERVER_VERSION = "/_synapse/admin/v1/server_version";
    static final String FEDERATION_VERSION = "/_matrix/federation/v1/version";

    /**
     * What was found.
     *
     * @param answered      anything answered at server_location (else nothing more can be checked)
     * @param specVersions  the Matrix specification versions it supports; empty unless it answered like a homeserver
     * @param serverVersion Synapse's own version, if it tells without authentication
     * @param problems      what is wrong, one sentence each
     */
    record Reach(boolean answered, List<String> specVersions, Optional<String> serverVersion, List<String> problems) {
        /** It answered like a Matrix homeserver. */
        boolean reachable() {
            return !specVersions.isEmpty();
        }
    }

    private final SynapseSettings settings;
    private final SynapseHttp http;

    SynapseReachability(SynapseSettings settings, SynapseHttp http) {
        this.settings = settings;
        this.http = http;
    }

    Reach reach() {
        List<String> problems = new ArrayList<>();
        Answer versionsAnswer = http.get(CLIENT_VERSIONS);
        if (versionsAnswer instanceof Failure failure) {
            problems.add("Synapse cannot be reached at server_location " + settings.baseUrl() + ": " + failure.detail());
            return new Reach(false, List.of(), Optional.empty(), problems);
        }
        SynapseAnswer versions = SynapseAnswer.of((Response) versionsAnswer);
        List<String> specVersions = List.of();
        if (versions.kind() == SynapseAnswer.Kind.REDIRECTED) {
            problems.add(SetupAdvice.redirect(settings.baseUrl(), versions));
        } else if (versions.status() == 200) {
            specVersions = SynapseJson.read(versions.response().body(), SynapseJson.ClientVersions.class)
                    .map(SynapseJson.ClientVersions::versions)
                    .map(list -> list.stream().filter(Objects::nonNull).toList())
                    .orElse(List.of());
        }
        boolean reachable = !specVersions.isEmpty();
        if (!reachable && versions.kind() != SynapseAnswer.Kind.REDIRECTED) {
            problems.add("GET " + http.uri(CLIENT_VERSIONS) + " did not answer like a Matrix homeserver (HTTP "
                    + versions.status() + "): check server_location");
        }
        if (reachable && !(http.get(HEALTH) instanceof Response health && health.status() == 200)) {
            problems.add("GET " + http.uri(HEALTH) + " did not answer 200: Synapse may be starting or unwell");
        }
        return new Reach(true, specVersions, reachable ? serverVersion() : Optional.empty(), problems);
    }

    private Optional<String> serverVersion() {
        if (http.get(ADMIN_SERVER_VERSION) instanceof Response admin && admin.status() == 200) {
            Optional<String> version = SynapseJson.read(admin.body(), SynapseJson.AdminServerVersion.class)
                    .map(SynapseJson.AdminServerVersion::serverVersion)
                    .filter(v -> !v.isBlank());
            if (version.isPresent()) {
                return version;
            }
        }
        if (http.get(FEDERATION_VERSION) instanceof Response federation && federation.status() == 200) {
            return SynapseJson.read(federation.body(), SynapseJson.FederationVersion.class)
                    .map(SynapseJson.FederationVersion::server)
                    .map(SynapseJson.FederationVersion.Server::version)
                    .filter(v -> !v.isBlank());
        }
        return Optional.empty();
    }
}
