package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSettingsTest {

    @Test
    void defaultsMatchTheOldTool() {
        WebSettings settings = WebSettings.builder().build();
        assertThat(settings.host()).isEqualTo("localhost");
        assertThat(settings.port()).isEqualTo(5000);
        assertThat(settings.baseUrl()).isEmpty();
        assertThat(settings.rateLimits()).containsExactly(new RateLimit(100, Duration.ofDays(1)),
                new RateLimit(10, Duration.ofMinutes(1)));
        assertThat(settings.trustedProxies()).containsExactly("127.0.0.0/8", "::1/128");
        assertThat(settings.allowCors()).isFalse();
    }

    @Test
    void normalisesTheBaseUrl() {
        assertThat(WebSettings.builder().baseUrl("/element/").build().baseUrl()).isEqualTo("/element");
        assertThat(WebSettings.builder().baseUrl("element").build().baseUrl()).isEqualTo("/element");
        assertThat(WebSettings.builder().baseUrl("/").build().baseUrl()).isEmpty();
        assertThat(WebSettings.builder().baseUrl(null).build().baseUrl()).isEmpty();
    }

    @Test
    void refusesABaseUrlThatIsNoPath() {
        for (String wrong : List.of("/a b", "/x?y", "//evil.example", "/a/../b", "https://x")) {
            assertThatThrownBy(() -> WebSettings.builder().baseUrl(wrong).build())
                    .as(wrong).hasMessageContaining("base_url");
        }
    }

    @Test
    void acceptsOnlyWebAddressesAsClientRedirect() {
        assertThat(WebSettings.builder().clientRedirect("https://app.element.io/#/login").build().clientRedirect())
                .hasValueSatisfying(uri -> assertThat(uri.toString()).isEqualTo("https://app.element.io/#/login"));
        assertThat(WebSettings.builder().clientRedirect("element.example.org").build().clientRedirect())
                .hasValueSatisfying(uri -> assertThat(uri.toString()).isEqualTo("https://element.example.org"));
        assertThat(WebSettings.builder().clientRedirect("").build().clientRedirect()).isEmpty();
        assertThatThrownBy(() -> WebSettings.builder().clientRedirect("javascript:alert(1)").build())
                .hasMessageContaining("client_redirect");
    }

    @Test
    void anEmptyHostListensOnEveryInterfaceAsThePythonToolDid() {
        assertThat(WebSettings.builder().host("").build().bindHost()).isEqualTo("0.0.0.0");
        assertThat(WebSettings.builder().host(" ").build().bindHost()).isEqualTo("0.0.0.0");
        assertThat(WebSettings.builder().host("127.0.0.1").build().bindHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void namesTheKeyOfAWrongValue() {
        assertThatThrownBy(() -> WebSettings.builder().port(70000).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> WebSettings.builder().trustedProxies(List.of("proxy.local")).build())
                .hasMessageContaining("trusted_proxies");
        assertThatThrownBy(() -> WebSettings.builder().trustedProxies(List.of("10.0.0.0/33")).build())
                .hasMessageContaining("trusted_proxies");
        assertThatThrownBy(() -> WebSettings.builder().rateLimits(List.of("lots")).build())
                .hasMessageContaining("rate_limit");
        assertThatThrownBy(() -> WebSettings.builder().shutdownGrace(java.time.Duration.ofSeconds(-1)).build())
                .hasMessageStartingWith("shutdown_grace");
        assertThatThrownBy(() -> WebSettings.builder().maxRequestBytes(10).build())
                .hasMessageStartingWith("the largest sign-up body must be at least 1024");
        assertThatThrownBy(() -> WebSettings.builder().requestBodyTimeout(Duration.ofMillis(200)).build())
                .hasMessageStartingWith("request_body_timeout must be between 1 s and 5 min");
        assertThatThrownBy(() -> WebSettings.builder().requestBodyTimeout(Duration.ofHours(1)).build())
                .hasMessageStartingWith("request_body_timeout");
        assertThatThrownBy(() -> WebSettings.builder().maxConnectionsPerClient(1).build())
                .hasMessageStartingWith("max_connections_per_client must be at least 2");
    }

    @Test
    void slowAndGreedyClientsHaveSafeDefaults() {
        WebSettings settings = WebSettings.builder().build();
        assertThat(settings.requestBodyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.maxConnectionsPerClient()).isEqualTo(20);
    }
}
