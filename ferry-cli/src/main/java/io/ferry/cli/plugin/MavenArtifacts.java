package io.ferry.cli.plugin;

import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ChecksumFailureException;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Maven artifacts, fetched as Maven fetches them: through the user's local repository, mirrors and proxies, with
 * the checksums the repository publishes verified (a mismatch fails the download).
 */
final class MavenArtifacts implements AutoCloseable {

    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    /** Bundles that projects publish next to their jars, most specific first (Debezium's, then Camel's). */
    private static final List<String> BUNDLE_CLASSIFIERS = List.of("plugin", "package");
    /**
     * What the worker provides itself (the Connect API, Kafka clients, SLF4J, and Apache's JSON converter and
     * transformations); a plugin directory must not carry its own copies.
     */
    private static final List<Exclusion> PROVIDED = List.of(
            new Exclusion("org.apache.kafka", "kafka-clients", "*", "*"),
            new Exclusion("org.apache.kafka", "connect-api", "*", "*"),
            new Exclusion("org.apache.kafka", "connect-json", "*", "*"),
            new Exclusion("org.apache.kafka", "connect-transforms", "*", "*"),
            new Exclusion("org.slf4j", "*", "*", "*"));

    private final RepositorySystem system;
    private final RepositorySystemSession.CloseableSession strict;
    /** For repositories that publish no checksums at all: those downloads are taken, with a warning. */
    private final RepositorySystemSession.CloseableSession unverified;
    private final List<RemoteRepository> repositories;
    private final Consumer<String> warnings;

    MavenArtifacts(MavenSettings settings, Consumer<String> warnings) {
        this.warnings = warnings;
        this.system = new RepositorySystemSupplier().get();
        DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
        for (MavenSettings.Mirror m : settings.mirrors()) {
            mirrors.add(m.id(), m.url(), "default", false, false, m.mirrorOf(), "*");
        }
        DefaultProxySelector proxies = new DefaultProxySelector();
        for (MavenSettings.Proxy p : settings.proxies()) {
            Authentication auth = p.username() == null ? null
                    : new AuthenticationBuilder().addUsername(p.username()).addPassword(p.password()).build();
            proxies.add(new org.eclipse.aether.repository.Proxy(p.protocol(), p.host(), p.port(), auth), p.nonProxyHosts());
        }
        this.strict = session(settings, mirrors, proxies, RepositoryPolicy.CHECKSUM_POLICY_FAIL);
        this.unverified = session(settings, mirrors, proxies, RepositoryPolicy.CHECKSUM_POLICY_IGNORE);
        RemoteRepository central = new RemoteRepository.Builder("central", "default", CENTRAL).build();
        this.repositories = system.newResolutionRepositories(strict, List.of(central));
    }

    private RepositorySystemSession.CloseableSession session(MavenSettings settings, DefaultMirrorSelector mirrors,
                                                             DefaultProxySelector proxies, String checksumPolicy) {
        return new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(settings.localRepository())
                .setChecksumPolicy(checksumPolicy)
                .setOffline(settings.offline())
                .setSystemProperties(System.getProperties())
                .setMirrorSelector(mirrors)
                .setProxySelector(proxies)
                .build();
    }

    /** Runs a download verified; where the repository publishes no checksums for it, again unverified, with a warning. */
    private <T> T verified(String what, ResolverCall<T> call) throws Exception {
        try {
            return call.run(strict);
        } catch (Exception e) {
            if (!rootMessage(e).contains("no checksums available")) {
                throw e;
            }
            warnings.accept("the repository publishes no checksums for " + what + "; it was downloaded unverified");
            return call.run(unverified);
        }
    }

    private interface ResolverCall<T> {
        T run(RepositorySystemSession session) throws Exception;
    }

    /** The project's published plugin bundle ({@code .tar.gz} with classifier {@code plugin} or {@code package}). */
    Optional<Path> bundle(Coordinates c) {
        for (String classifier : BUNDLE_CLASSIFIERS) {
            try {
                DefaultArtifact bundle = new DefaultArtifact(c.groupId(), c.artifactId(), classifier, "tar.gz", c.version());
                ArtifactResult result = verified(bundle.toString(), session -> system.resolveArtifact(session,
                        new ArtifactRequest(bundle, repositories, null)));
                return Optional.of(result.getArtifact().getPath());
            } catch (Exception e) {
                if (!notFound(e)) {
                    throw failure(c + " (" + classifier + " bundle)", e);
                }
            }
        }
        return Optional.empty();
    }

    /** One artifact, exactly as named. */
    Path artifact(Coordinates c) {
        try {
            DefaultArtifact artifact = new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(), c.extension(), c.version());
            return verified(artifact.toString(), session -> system.resolveArtifact(session,
                    new ArtifactRequest(artifact, repositories, null))).getArtifact().getPath();
        } catch (Exception e) {
            if (notFound(e) && !anyCause(e, ChecksumFailureException.class)) {
                throw new PluginInstallException(c + " was not found in " + urls() + ". Check the coordinates.");
            }
            throw failure(c.toString(), e);
        }
    }

    /** The artifact and its runtime dependencies, without what the worker provides. */
    List<Path> withDependencies(Coordinates c) {
        DefaultArtifact artifact = new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(), c.extension(), c.version());
        CollectRequest collect = new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME, false, PROVIDED), repositories);
        try {
            List<Path> files = new ArrayList<>();
            for (ArtifactResult r : verified(c + " and its dependencies", session -> system.resolveDependencies(session,
                    new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME))).getArtifactResults())) {
                files.add(r.getArtifact().getPath());
            }
            return files;
        } catch (Exception e) {
            if (notFound(e) && !anyCause(e, ChecksumFailureException.class)) {
                throw new PluginInstallException(c + " was not found in " + urls()
                        + ". Check the group id, artifact id and version.");
            }
            throw failure(c.toString(), e);
        }
    }

    private String urls() {
        return repositories.stream().map(RemoteRepository::getUrl).toList().toString();
    }

    private PluginInstallException failure(String what, Exception e) {
        if (anyCause(e, ChecksumFailureException.class)) {
            return new PluginInstallException("The checksum of " + what + " does not match the one the repository publishes: "
                    + rootMessage(e) + ". Nothing was installed.");
        }
        if (anyCause(e, java.net.UnknownHostException.class) || anyCause(e, java.net.ConnectException.class)
                || anyCause(e, java.net.SocketTimeoutException.class) || anyCause(e, java.net.NoRouteToHostException.class)) {
            return new PluginInstallException("Cannot reach " + urls() + " to download " + what + " (" + rootMessage(e)
                    + "). Check the network, or the mirrors and proxies in ~/.m2/settings.xml.");
        }
        return new PluginInstallException("Could not download " + what + ": " + rootMessage(e));
    }

    private static boolean notFound(Throwable e) {
        return anyCause(e, ArtifactNotFoundException.class)
                || rootMessage(e).contains("Could not find artifact") || rootMessage(e).contains("not found");
    }

    private static boolean anyCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (anyCause(s, type)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    @Override
    public void close() {
        strict.close();
        unverified.close();
        system.shutdown();
    }
}
