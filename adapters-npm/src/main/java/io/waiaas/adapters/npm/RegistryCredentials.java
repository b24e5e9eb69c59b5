package io.waiaas.adapters.npm;

import io.waiaas.platform.Layout;
import io.waiaas.platform.SecretFiles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Hold what waiaas sends one npm registry to be let in, and say where it came from without ever saying what it is.
 *
 * <p>Found as npm would, first match wins: {@code WAIAAS_UPDATE_TOKEN}; {@code [update] token_file} (a file only its
 * owner may read); then the user's npmrc ({@code //host[:port]/path/:_authToken}, {@code :_auth}, or
 * {@code :username} with {@code :_password}, looked up from the registry's path up to its host). The credentials go
 * only to the registry's own origin: its scheme, host and port.
 */
final class RegistryCredentials {
    /** The variable that gives a registry token to waiaas alone. */
    static final String TOKEN_VARIABLE = Layout.Env.UPDATE_TOKEN;

    private static final Pattern UNSET_VARIABLE = Pattern.compile("\\$\\{([^${}?]+)}");

    /** How the credentials were given, which decides how npm is handed them for an npm global install. */
    enum Kind {
        /** No credentials: requests go unauthenticated. */
        NONE,
        /** From waiaas's own settings: npm must be handed them. */
        WAIAAS,
        /** From the npmrc npm reads itself. */
        NPMRC
    }

    private final URI registry;
    private final Kind kind;
    private final Optional<String> authorization;
    private final Optional<String> bearerToken;
    private final String source;
    private final Optional<String> problem;

    private RegistryCredentials(
            URI registry,
            Kind kind,
            Optional<String> authorization,
            Optional<String> bearerToken,
            String source,
            Optional<String> problem) {
        this.registry = registry;
        this.kind = kind;
        this.authorization = authorization;
        this.bearerToken = bearerToken;
        this.source = source;
        this.problem = problem;
    }

    /** Return no credentials for {@code registry}. */
    static RegistryCredentials none(URI registry) {
        return new RegistryCredentials(registry, Kind.NONE, Optional.empty(), Optional.empty(), "", Optional.empty());
    }

    /**
     * Find the credentials for {@code registry} (its base URL, ending in a slash).
     *
     * @param env the environment: {@code WAIAAS_UPDATE_TOKEN}, and the variables npmrc lines refer to
     * @param tokenFile {@code [update] token_file}, absolute
     * @param npmrc the user's npmrc, as npm reads it
     */
    static RegistryCredentials find(
            URI registry, Map<String, String> env, Optional<Path> tokenFile, Optional<Npmrc> npmrc) {
        Objects.requireNonNull(registry, "registry");
        String variable = env.get(TOKEN_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return bearer(registry, Kind.WAIAAS, variable.strip(), TOKEN_VARIABLE);
        }
        if (tokenFile.isPresent()) {
            return fromFile(registry, tokenFile.get());
        }
        return npmrc.map(rc -> fromNpmrc(registry, rc)).orElseGet(() -> none(registry));
    }

    private static RegistryCredentials bearer(URI registry, Kind kind, String token, String source) {
        return new RegistryCredentials(
                registry, kind, Optional.of("Bearer " + token), Optional.of(token), source, Optional.empty());
    }

    private static RegistryCredentials problem(URI registry, String source, String problem) {
        return new RegistryCredentials(
                registry, Kind.NONE, Optional.empty(), Optional.empty(), source, Optional.of(problem));
    }

    private static RegistryCredentials fromFile(URI registry, Path file) {
        String source = "[update] token_file " + file;
        return switch (SecretFiles.read(file, "[update] token_file")) {
            case SecretFiles.Secret.Token token -> bearer(registry, Kind.WAIAAS, token.value(), source);
            case SecretFiles.Secret.Refused refused -> problem(registry, source, refused.problem());
        };
    }

    private static RegistryCredentials fromNpmrc(URI registry, Npmrc rc) {
        // npm-registry-fetch walks up from the registry's path: //host/a/b/, //host/a/b, //host/a/, ..., //host/.
        for (String key = Npmrc.nerfDart(registry); key.length() > "//".length(); key = parent(key)) {
            String source = rc.file() + " (" + key + ")";
            Optional<String> token = rc.get(key + ":_authToken");
            if (token.isPresent()) {
                return unexpanded(registry, source, token.get())
                        .orElseGet(() -> bearer(registry, Kind.NPMRC, token.get(), source));
            }
            Optional<String> auth = rc.get(key + ":_auth");
            if (auth.isPresent()) {
                return unexpanded(registry, source, auth.get()).orElseGet(() -> basic(registry, source, auth.get()));
            }
            Optional<String> user = rc.get(key + ":username");
            Optional<String> password = rc.get(key + ":_password");
            if (user.isPresent() && password.isPresent()) {
                Optional<RegistryCredentials> unset = unexpanded(registry, source, user.get() + password.get());
                if (unset.isPresent()) {
                    return unset.get();
                }
                try {
                    String clear = new String(Base64.getDecoder().decode(password.get()), StandardCharsets.UTF_8);
                    return basic(
                            registry,
                            source,
                            Base64.getEncoder()
                                    .encodeToString((user.get() + ":" + clear).getBytes(StandardCharsets.UTF_8)));
                } catch (IllegalArgumentException e) {
                    return problem(
                            registry,
                            source,
                            "the _password for " + key + " in " + rc.file() + " is not base64, as npm needs it");
                }
            }
        }
        return none(registry);
    }

    private static String parent(String key) {
        // Remove what follows the last slash, or that slash itself: both spellings of a path are tried.
        return key.endsWith("/") ? key.substring(0, key.length() - 1) : key.substring(0, key.lastIndexOf('/') + 1);
    }

    private static Optional<RegistryCredentials> unexpanded(URI registry, String source, String value) {
        var m = UNSET_VARIABLE.matcher(value);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(problem(
                registry,
                source,
                "the credentials for " + Npmrc.nerfDart(registry) + " in " + source + " use ${" + m.group(1)
                        + "}, which is not set"));
    }

    private static RegistryCredentials basic(URI registry, String source, String base64) {
        return new RegistryCredentials(
                registry, Kind.NPMRC, Optional.of("Basic " + base64), Optional.empty(), source, Optional.empty());
    }

    /** Return how the credentials were given. */
    Kind kind() {
        return kind;
    }

    /** Return where the credentials came from, such as {@code WAIAAS_UPDATE_TOKEN}; never the secret itself. */
    String source() {
        return source;
    }

    /** Return the token of waiaas's own settings, for handing it to npm; empty for any other kind. */
    Optional<String> waiaasToken() {
        return kind == Kind.WAIAAS ? bearerToken : Optional.empty();
    }

    /** Return the registry these credentials are for. */
    URI registry() {
        return registry;
    }

    /** Throw the one-line reason these credentials cannot be used, if there is one. */
    void checkUsable() {
        problem.ifPresent(p -> {
            throw NpmRegistryException.refused(p);
        });
    }

    /** Return the {@code Authorization} header for a request to {@code uri}: only on the registry's own origin. */
    Optional<String> authorizationFor(URI uri) {
        return RegistryUrls.sameOrigin(uri, registry) ? authorization : Optional.empty();
    }

    /** Return what to tell an operator when the registry answered {@code status} (401 or 403) to {@code uri}. */
    String refusal(int status, URI uri) {
        if (authorization.isPresent() && RegistryUrls.sameOrigin(uri, registry)) {
            return "npm registry " + registry + " refused the credentials from " + source + " (HTTP " + status
                    + ", GET " + uri + "): check that they are valid and may read the package";
        }
        return "npm registry " + registry + " refused access (HTTP " + status + ", GET " + uri
                + "): it needs a token; give one as " + Npmrc.nerfDart(registry) + ":_authToken=… in ~/.npmrc, in "
                + TOKEN_VARIABLE + " or in [update] token_file";
    }

    @Override
    public String toString() {
        // Never the secret: this may end up in a log line or a test's failure message.
        return "RegistryCredentials[" + kind + (source.isEmpty() ? "" : " from " + source) + "]";
    }
}
