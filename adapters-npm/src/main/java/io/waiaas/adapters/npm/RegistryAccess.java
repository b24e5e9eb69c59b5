package io.waiaas.adapters.npm;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Say how to reach one npm registry: which registry (the configured one, else the npmrc's registry for the package's
 * scope, else its {@code registry}, else the public one), with which credentials (read at the first request, not
 * before) and through which proxy.
 */
final class RegistryAccess {
    private final URI registry;
    private final Optional<String> problem;
    private final Supplier<RegistryCredentials> credentials;
    private final RegistryProxies proxies;
    private final boolean requireSignatures;
    private volatile RegistryCredentials resolved;

    private RegistryAccess(
            URI registry,
            Optional<String> problem,
            Supplier<RegistryCredentials> credentials,
            RegistryProxies proxies,
            boolean requireSignatures) {
        this.registry = registry;
        this.problem = problem;
        this.credentials = credentials;
        this.proxies = proxies;
        this.requireSignatures = requireSignatures;
    }

    /** Return this access, refusing releases the registry does not sign when {@code require} is true. */
    RegistryAccess requiringSignatures(boolean require) {
        return new RegistryAccess(registry, problem, credentials, proxies, require);
    }

    /** Tell whether a release the registry does not sign must be refused ({@code [update] require_signatures}). */
    boolean requireSignatures() {
        return requireSignatures;
    }

    /** Return direct, anonymous access to {@code registry}. */
    static RegistryAccess direct(URI registry) {
        URI base = RegistryUrls.of(registry).base();
        return new RegistryAccess(
                base, Optional.empty(), () -> RegistryCredentials.none(base), RegistryProxies.direct(), false);
    }

    /**
     * Work out the access to the registry of {@code packageName}; never throws: a setting that cannot be used is
     * reported, in one line, by the first request instead (the daemon's start never waits on or fails for it).
     *
     * @param configured {@code [update] registry} when the operator set it (file or environment)
     * @param fallback the registry used when neither the config nor the npmrc names one
     * @param env the environment: tokens, proxies, npm's own variables
     * @param home the user's home, where npm finds {@code .npmrc}
     * @param tokenFile {@code [update] token_file}, absolute
     * @param proxy {@code [update] proxy}
     */
    static RegistryAccess of(
            Optional<URI> configured,
            URI fallback,
            String packageName,
            Map<String, String> env,
            Path home,
            Optional<Path> tokenFile,
            Optional<URI> proxy) {
        Objects.requireNonNull(fallback, "fallback");
        Map<String, String> environment = Map.copyOf(env);
        Optional<Npmrc> npmrc = Npmrc.user(environment, home);
        URI chosen = configured.orElse(fallback);
        Optional<String> problem = Optional.empty();
        if (configured.isEmpty() && npmrc.isPresent()) {
            Npmrc rc = npmrc.get();
            String scopeKey = packageName.startsWith("@") && packageName.contains("/")
                    ? packageName.substring(0, packageName.indexOf('/')) + ":registry"
                    : "registry";
            Optional<String> fromRc = rc.get(scopeKey).or(() -> rc.get("registry"));
            if (fromRc.isPresent()) {
                String key = rc.get(scopeKey).isPresent() ? scopeKey : "registry";
                try {
                    chosen = RegistryUrls.of(URI.create(fromRc.get().strip())).base();
                } catch (IllegalArgumentException | NpmRegistryException e) {
                    problem = Optional.of("the " + key + " in " + rc.file() + " is not a registry waiaas can use: "
                            + OneLine.quoted(fromRc.get()) + " (https, or http on a loopback host)");
                }
            }
        }
        URI base = RegistryUrls.of(chosen).base();
        return new RegistryAccess(
                base,
                problem,
                () -> RegistryCredentials.find(base, environment, tokenFile, npmrc),
                RegistryProxies.from(environment, proxy),
                false);
    }

    /** Return the registry's base URL, ending in a slash. */
    URI registry() {
        return registry;
    }

    /** Return the credentials, read now if this is the first time; throws when they cannot be used. */
    RegistryCredentials credentials() {
        problem.ifPresent(p -> {
            throw NpmRegistryException.refused(p);
        });
        RegistryCredentials c = resolved;
        if (c == null) {
            c = credentials.get();
            resolved = c;
        }
        c.checkUsable();
        return c;
    }

    /** Return the proxy selector of every request. */
    RegistryProxies proxies() {
        return proxies;
    }
}
