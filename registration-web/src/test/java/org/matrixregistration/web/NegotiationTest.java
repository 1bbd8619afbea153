package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NegotiationTest {

    @Test
    void givesPagesToBrowsers() {
        assertThat(Negotiation.prefersHtml("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).isTrue();
        assertThat(Negotiation.prefersHtml("text/html")).isTrue();
    }

    @Test
    void givesJsonToScriptsAndToWhoeverAsksForIt() {
        assertThat(Negotiation.prefersHtml(null)).isFalse();
        assertThat(Negotiation.prefersHtml("*/*")).isFalse();
        assertThat(Negotiation.prefersHtml("application/json")).isFalse();
        assertThat(Negotiation.prefersHtml("application/json, text/html;q=0.5")).isFalse();
        assertThat(Negotiation.prefersHtml("text/html;q=0")).isFalse();
        assertThat(Negotiation.prefersHtml(";,;;")).isFalse();
    }
}
