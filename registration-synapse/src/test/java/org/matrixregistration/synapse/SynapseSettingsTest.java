package org.matrixregistration.synapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SynapseSettingsTest {

    private static SynapseSettings at(String serverLocation) {
        return SynapseSettings.of(serverLocation, "example.org", "s3cret");
    }

    @Test
    void keepsAPathPrefixAndDropsTrailingSlashes() {
        assertThat(at("https://host.example/synapse//").baseUrl()).isEqualTo(URI.create("https://host.example/synapse"));
        assertThat(at("HTTP://localhost:8008/").baseUrl()).isEqualTo(URI.create("http://localhost:8008"));
        assertThat(at("http://[::1]:8008").endpoint("/health")).isEqualTo(URI.create("http://[::1]:8008/health"));
    }

    @Test
    void appliesTheDefaults() {
        SynapseSettings settings = at("http://localhost:8008");

        assertThat(settings.adminToken()).isEmpty();
        assertThat(settings.connectTimeout()).isEqualTo(SynapseSettings.DEFAULT_CONNECT_TIMEOUT);
        assertThat(settings.requestTimeout()).isEqualTo(SynapseSettings.DEFAULT_REQUEST_TIMEOUT);
    }

    @Test
    void refusesAServerLocationThatIsNotAnHttpUrl() {
        assertThatIllegalArgumentException().isThrownBy(() -> at("ftp://host")).withMessageContaining("server_location");
        assertThatIllegalArgumentException().isThrownBy(() -> at("localhost:8008")).withMessageContaining("server_location");
        assertThatIllegalArgumentException().isThrownBy(() -> at("http:///path")).withMessageContaining("server_location");
        assertThatIllegalArgumentException().isThrownBy(() -> at("http://host/?x=1")).withMessageContaining("server_location");
        assertThatIllegalArgumentException().isThrownBy(() -> at("http://host/#top")).withMessageContaining("server_location");
        assertThatIllegalArgumentException().isThrownBy(() -> at("http://ho st")).withMessageContaining("server_location");
    }

    @Test
    void refusesCredentialsInTheServerLocationWithoutRepeatingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> at("https://admin:hunter2@host"))
                .withMessageContaining("server_location")
                .withMessageNotContaining("hunter2");
    }

    @Test
    void namesTheSettingThatIsMissing() {
        assertThatIllegalArgumentException().isThrownBy(() -> SynapseSettings.of("http://h", " ", "s"))
                .withMessageContaining("server_name");
        assertThatIllegalArgumentException().isThrownBy(() -> SynapseSettings.of("http://h", "example.org", ""))
                .withMessageContaining("registration_shared_secret");
        assertThatIllegalArgumentException().isThrownBy(() -> new SynapseSettings(URI.create("http://h"), "example.org",
                        "s", Optional.of(" "), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .withMessageContaining("admin_token");
        assertThatIllegalArgumentException().isThrownBy(() -> at("http://h").withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .withMessageContaining("connect timeout");
        assertThatIllegalArgumentException().isThrownBy(() -> at("http://h").withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .withMessageContaining("homeserver_timeout");
    }

    @Test
    void treatsABlankAdminTokenAsNone() {
        assertThat(at("http://h").withAdminToken("  ").adminToken()).isEmpty();
        assertThat(at("http://h").withAdminToken(null).adminToken()).isEmpty();
        assertThat(at("http://h").withAdminToken("syt_x").adminToken()).contains("syt_x");
    }

    @Test
    void neverShowsTheSecretOrTheAdminToken() {
        SynapseSettings settings = at("http://localhost:8008").withAdminToken("syt_admin_token");

        assertThat(settings.toString()).doesNotContain("s3cret", "syt_admin_token").contains("http://localhost:8008");
    }
}
