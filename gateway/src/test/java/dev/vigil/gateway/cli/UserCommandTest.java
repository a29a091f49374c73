package dev.vigil.gateway.cli;

import dev.vigil.gateway.auth.PasswordHash;
import dev.vigil.gateway.auth.Role;
import dev.vigil.gateway.auth.User;
import dev.vigil.gateway.auth.UsersFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserCommandTest {
    private final InputStream stdin = System.in;

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    private static CliRun withStdin(String input, String... args) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        return CliRun.of(args);
    }

    @Test
    void addListPasswdRemoveKeepOnlyHashes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("users.yaml");
        String file = f.toString();
        assertEquals(0, withStdin("s3cret-pass\n", "user", "add", "wang", "--role", "regulator", "--region", "wuhai-haibowan",
                "--region", "wuhai-wuda", "--users", file, "--password-stdin").code());
        CliRun ent = withStdin("企业密码-12345\n", "user", "add", "hazmat", "--role", "enterprise", "--enterprise", "乌海危货运输公司",
                "--users", file, "--password-stdin");
        assertEquals("added hazmat (enterprise) to " + file + "\n", ent.out());
        String text = Files.readString(f);
        assertFalse(text.contains("s3cret-pass"), text);
        assertFalse(text.contains("企业密码"), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));

        List<User> users = UsersFile.load(f);
        assertEquals(List.of("wang", "hazmat"), users.stream().map(User::name).toList());
        assertEquals(Role.REGULATOR, users.get(0).role());
        assertEquals(List.of("wuhai-haibowan", "wuhai-wuda"), users.get(0).regions());
        assertTrue(PasswordHash.verify("s3cret-pass".toCharArray(), users.get(0).passwordHash()));
        assertTrue(PasswordHash.verify("企业密码-12345".toCharArray(), users.get(1).passwordHash()));

        CliRun list = CliRun.of("user", "list", "--users", file);
        assertEquals(0, list.code());
        assertTrue(list.out().contains("wang"), list.out());
        assertTrue(list.out().contains("regions wuhai-haibowan,wuhai-wuda"), list.out());
        assertTrue(list.out().contains("enterprise 乌海危货运输公司"), list.out());
        assertFalse(list.out().contains("pbkdf2"), list.out());
        assertTrue(list.out().endsWith("2 users in " + file + "\n"), list.out());

        assertEquals(0, withStdin("another-pass\n", "user", "passwd", "wang", "--users", file, "--password-stdin").code());
        assertTrue(PasswordHash.verify("another-pass".toCharArray(), UsersFile.load(f).get(0).passwordHash()));
        assertFalse(PasswordHash.verify("s3cret-pass".toCharArray(), UsersFile.load(f).get(0).passwordHash()));

        assertEquals(0, CliRun.of("user", "remove", "hazmat", "--users", file).code());
        assertEquals(List.of("wang"), UsersFile.load(f).stream().map(User::name).toList());
        CliRun gone = CliRun.of("user", "remove", "hazmat", "--users", file);
        assertEquals(1, gone.code());
        assertEquals(file + ": no user 'hazmat'\n", gone.err());
    }

    @Test
    void tokensArePrintedOnceAndStoredAsHashesAndCanBeRevoked(@TempDir Path dir) throws Exception {
        String file = dir.resolve("users.yaml").toString();
        assertEquals(0, CliRun.of("user", "add", "city", "--role", "regulator", "--region", "wuhai-wuda", "--no-password",
                "--users", file).code());
        CliRun t = CliRun.of("user", "token", "city", "--label", "city platform", "-q", "--users", file);
        assertEquals(0, t.code());
        String token = t.out().strip();
        assertTrue(token.matches("vigil_[0-9a-f]{8}_[A-Za-z0-9_-]{43}"), token);
        String text = Files.readString(Path.of(file));
        assertFalse(text.contains(token.substring(15)), "the secret is not stored");
        User u = UsersFile.load(Path.of(file)).get(0);
        assertEquals(1, u.tokens().size());
        assertTrue(u.tokens().get(0).matches(token));
        assertEquals("city platform", u.tokens().get(0).label());
        assertTrue(CliRun.of("user", "list", "--users", file).out().contains(u.tokens().get(0).id()));
        assertEquals(0, CliRun.of("user", "token", "city", "--revoke", u.tokens().get(0).id(), "--users", file).code());
        assertEquals(List.of(), UsersFile.load(Path.of(file)).get(0).tokens());
    }

    @Test
    void badUsersAreRefusedWithTheReason(@TempDir Path dir) throws Exception {
        String file = dir.resolve("users.yaml").toString();
        CliRun noRegion = CliRun.of("user", "add", "li", "--role", "inspector", "--no-password", "--users", file);
        assertEquals(1, noRegion.code());
        assertEquals("user 'li': a inspector needs at least one region (--region)\n", noRegion.err());
        CliRun badRole = CliRun.of("user", "add", "li", "--role", "boss", "--no-password", "--users", file);
        assertEquals("--role: 'boss' is not admin, regulator, enterprise or inspector\n", badRole.err());
        CliRun noEnt = CliRun.of("user", "add", "li", "--role", "enterprise", "--no-password", "--users", file);
        assertEquals("user 'li': an enterprise user needs its enterprise (--enterprise)\n", noEnt.err());
        CliRun shortPw = withStdin("short\n", "user", "add", "li", "--role", "admin", "--password-stdin", "--users", file);
        assertEquals("password too short: at least 8 characters\n", shortPw.err());
        assertEquals(0, CliRun.of("user", "add", "li", "--role", "admin", "--no-password", "--users", file).code());
        CliRun twice = CliRun.of("user", "add", "li", "--role", "admin", "--no-password", "--users", file);
        assertEquals(file + ": user 'li' exists already (change it with passwd, or remove it)\n", twice.err());

        Files.writeString(Path.of(file), "users:\n  - name: x\n    role: admin\n    password: plain-text\n");
        CliRun refused = CliRun.of("user", "list", "--users", file);
        assertEquals(1, refused.code());
        assertEquals(file + ": user 1 ('x'): password hash must look like pbkdf2-sha256$ITERATIONS$SALT$KEY\n", refused.err());
        Files.writeString(Path.of(file), "users:\n  - name: x\n    role: admin\n    colour: red\n");
        assertEquals(file + ": user 1 ('x'): colour: unknown key; known: enterprise, name, password, regions, role, tokens\n",
                CliRun.of("user", "list", "--users", file).err());
    }

    @Test
    void demoSetupWritesAUserOfEveryRoleWithWorkingPasswordsAndAnAdminToken(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("demo-token");
        CliRun r = CliRun.of("demo-setup", "--dir", dir.resolve("demo").toString(), "--profiles", "../device-profiles/profiles",
                "--elevators", "2", "--vehicles", "1", "--cems", "0", "--transformers", "0", "--token-file", token.toString());
        assertEquals(0, r.code(), r.err());
        List<User> users = UsersFile.load(dir.resolve("demo/users.yaml"));
        assertEquals(List.of("admin", "regulator", "property", "hazmat", "thermal", "inspector"), users.stream().map(User::name).toList());
        assertEquals(List.of(Role.ADMIN, Role.REGULATOR, Role.ENTERPRISE, Role.ENTERPRISE, Role.ENTERPRISE, Role.INSPECTOR),
                users.stream().map(User::role).toList());
        assertEquals(List.of("wuhai-haibowan", "wuhai-hainan", "wuhai-wuda"), users.get(1).regions());
        List<String> lines = Files.readAllLines(dir.resolve("demo/passwords.txt")).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(6, lines.size());
        for (int i = 0; i < 6; i++) {
            String[] f = lines.get(i).split(" ");
            assertEquals(users.get(i).name(), f[0]);
            assertTrue(PasswordHash.verify(f[2].toCharArray(), users.get(i).passwordHash()), lines.get(i));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("demo/passwords.txt"))));
        assertTrue(users.get(0).tokens().get(0).matches(Files.readString(token).strip()));
        // the enterprise users' enterprises are those of the demo registry
        String registry = Files.readString(dir.resolve("demo/devices.yaml"));
        assertTrue(registry.contains(users.get(2).enterprise()) && registry.contains(users.get(3).enterprise()), registry);
    }
}
