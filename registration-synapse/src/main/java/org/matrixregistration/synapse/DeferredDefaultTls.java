package org.matrixregistration.synapse;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JDK's default TLS context ({@link SSLContext#getDefault()}: its trust store, protocols and
 * cipher suites, as {@code javax.net.ssl.*} properties set them), set up on the first TLS
 * connection instead of when the {@code HttpClient} is built.
 *
 * <p>An {@code HttpClient} without a context of its own sets up the default one as it is built:
 * the TLS stack is loaded and every certificate of the trust store parsed, although a homeserver
 * at {@code http://synapse:8008} (the usual container setup) never needs them. Measured with the
 * portal's launcher on Java 25: 6 MB less class-data cache and 7 MB less resident memory
 * (docs/benchmarks.md). Every TLS connection still gets an engine of the default context, so
 * certificate and host-name checks are exactly the JDK's.
 *
 * <p>The client must be given {@link #parameters()} too: without parameters of its own it asks the
 * context for its defaults as it is built, which sets the default context up.
 */
final class DeferredDefaultTls extends SSLContext {
    /**
     * What the client applies to each of its TLS engines before its own (host name, SNI): no
     * protocols or cipher suites, so that each engine keeps the default context's.
     */
    static SSLParameters parameters() {
        return new SSLParameters();
    }

    DeferredDefaultTls() {
        super(new Deferred(), null, "Default");
    }

    /** Every operation is the default context's; {@link SSLContext#getDefault()} sets it up once per JVM. */
    private static final class Deferred extends SSLContextSpi {
        private static SSLContext context() {
            try {
                return SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("This Java runtime has no default TLS context", e);
            }
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
            throw new KeyManagementException("The default TLS context is already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return context().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return context().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return context().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return context().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return context().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return context().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return context().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return context().getSupportedSSLParameters();
        }
    }
}
