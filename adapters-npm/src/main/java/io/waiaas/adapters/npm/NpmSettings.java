package io.waiaas.adapters.npm;

import io.waiaas.platform.FileTrees;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Hand npm the registry settings waiaas found for an {@code npm install -g}: what npm reads by itself (the user's
 * npmrc, the proxy variables) is left to it; a token from {@code WAIAAS_UPDATE_TOKEN} or {@code [update] token_file}
 * and an {@code [update] proxy} are added. The token never reaches a file or a command line: npm reads a private
 * copy of the user's npmrc with one more line, {@code //host/:_authToken=${WAIAAS_NPM_AUTH_TOKEN}}, and expands the
 * variable from its own environment.
 */
final class NpmSettings implements AutoCloseable {
    /** The variable npm expands into the token line of the private npmrc. */
    static final String TOKEN_VARIABLE = Layout.Env.NPM_AUTH_TOKEN;

    private final Map<String, String> environment;
    private final Optional<Path> privateDir;

    private NpmSettings(Map<String, String> environment, Optional<Path> privateDir) {
        this.environment = Map.copyOf(environment);
        this.privateDir = privateDir;
    }

    /** Return npm's environment for installing from {@code access}, built from {@code base}. */
    static NpmSettings forInstall(RegistryAccess access, Map<String, String> base) throws IOException {
        Map<String, String> env = new HashMap<>(base);
        RegistryProxies proxies = access.proxies();
        proxies.httpsRoute()
                .filter(route -> route.source().equals("[update] proxy"))
                .ifPresent(route -> {
                    removeNpmConfig(env, "proxy");
                    removeNpmConfig(env, "https_proxy");
                    env.put("npm_config_proxy", route.proxy().toString());
                    env.put("npm_config_https_proxy", route.proxy().toString());
                });
        Optional<String> token = access.credentials().waiaasToken();
        if (token.isEmpty()) {
            return new NpmSettings(env, Optional.empty());
        }
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path userFile = Npmrc.userFile(env, home);
        Path dir = Files.createTempDirectory(
                "waiaas-npmrc-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            String own = Files.isRegularFile(userFile) ? Files.readString(userFile, StandardCharsets.UTF_8) : "";
            Path npmrc = dir.resolve("npmrc");
            // Appended last, so this line wins over any the operator's npmrc has for the same registry.
            Files.writeString(
                    npmrc,
                    own + (own.isEmpty() || own.endsWith("\n") ? "" : "\n") + Npmrc.nerfDart(access.registry())
                            + ":_authToken=${" + TOKEN_VARIABLE + "}\n",
                    StandardCharsets.UTF_8);
            removeNpmConfig(env, "userconfig");
            env.put("npm_config_userconfig", npmrc.toString());
            env.put(TOKEN_VARIABLE, token.get());
            return new NpmSettings(env, Optional.of(dir));
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteRecursively(dir);
            throw e;
        }
    }

    private static void removeNpmConfig(Map<String, String> env, String name) {
        env.keySet().removeIf(key -> key.toLowerCase(Locale.ROOT).equals("npm_config_" + name));
    }

    /** Return the environment to run npm with. */
    Map<String, String> environment() {
        return environment;
    }

    @Override
    public void close() throws IOException {
        if (privateDir.isPresent()) {
            FileTrees.deleteRecursively(privateDir.get());
        }
    }
}
