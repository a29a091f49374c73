package dev.vigil.gateway.cli;

import dev.vigil.gateway.auth.ApiToken;
import dev.vigil.gateway.auth.PasswordHash;
import dev.vigil.gateway.auth.Role;
import dev.vigil.gateway.auth.User;
import dev.vigil.gateway.auth.UsersFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vigil user}: the users of the HTTP API and console (用户) — add, list, remove, change a
 * password, issue or revoke API tokens. Edits the users file; a running gateway picks changes up
 * within a second.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = {"Manage the users of the HTTP API and console: add, list, remove, passwd, token.",
                "管理 HTTP 接口与控制台的用户：新增、列出、删除、改密码、签发 API 令牌。"},
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Remove.class,
                UserCommand.Passwd.class, UserCommand.Token.class})
public final class UserCommand implements Runnable {
    static final int MIN_PASSWORD = 8;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every subcommand has: the users file. */
    static class FileOption {
        @Option(names = "--users", paramLabel = "FILE", defaultValue = "config/users.yaml",
                description = "Users file (default: ${DEFAULT-VALUE}; the gateway's auth.users)")
        Path users;
    }

    /** Base of the subcommands: the file, the output streams, and refusal as exit code 1 with a message. */
    abstract static class Sub implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        FileOption file = new FileOption();

        @Override
        public Integer call() {
            try {
                return run(spec.commandLine().getOut());
            } catch (UsersFile.Refused | IllegalArgumentException e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println(e.getMessage());
                err.flush();
                return 1;
            }
        }

        abstract int run(PrintWriter out);

        List<User> users() {
            return new ArrayList<>(UsersFile.load(file.users));
        }

        int indexOf(List<User> users, String name) {
            for (int i = 0; i < users.size(); i++) {
                if (users.get(i).name().equals(name)) return i;
            }
            throw new IllegalArgumentException(file.users + ": no user '" + name + "'");
        }
    }

    /** Reads a password from stdin (first line) or, without {@code fromStdin}, twice from the terminal. */
    static char[] readPassword(boolean fromStdin, String forWhom) {
        char[] pw;
        if (fromStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) throw new IllegalArgumentException("--password-stdin: nothing on standard input");
                pw = line.toCharArray();
            } catch (IOException e) {
                throw new IllegalArgumentException("--password-stdin: cannot read standard input: " + e.getMessage());
            }
        } else {
            Console c = System.console();
            if (c == null) throw new IllegalArgumentException("no terminal to ask for the password: pipe it in with --password-stdin");
            pw = c.readPassword("Password for %s: ", forWhom);
            char[] again = c.readPassword("Again: ");
            if (pw == null || again == null || !Arrays.equals(pw, again)) throw new IllegalArgumentException("the two passwords differ");
            Arrays.fill(again, ' ');
        }
        if (pw.length < MIN_PASSWORD) {
            Arrays.fill(pw, ' ');
            throw new IllegalArgumentException("password too short: at least " + MIN_PASSWORD + " characters");
        }
        return pw;
    }

    static String hashAndClear(char[] pw) {
        try {
            return PasswordHash.hash(pw);
        } finally {
            Arrays.fill(pw, ' ');
        }
    }

    /** {@code vigil user add NAME --role R [--region ID]... [--enterprise NAME]}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a user. Regulators and inspectors need --region (repeatable), enterprise users --enterprise.",
                    "新增用户：监管部门与检查人员须给出 --region，企业用户须给出 --enterprise。"})
    static final class Add extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "log-in name")
        String name;

        @Option(names = "--role", required = true, description = "admin, regulator, enterprise or inspector")
        String role;

        @Option(names = "--region", paramLabel = "ID", description = "a region the user sees (regulator, inspector)")
        List<String> regions = new ArrayList<>();

        @Option(names = "--enterprise", paramLabel = "NAME", description = "the enterprise the user sees (enterprise role)")
        String enterprise;

        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean passwordStdin;

        @Option(names = "--no-password", description = "no password: the user only acts through API tokens (vigil user token)")
        boolean noPassword;

        @Override
        int run(PrintWriter out) {
            List<User> users = users();
            if (users.stream().anyMatch(u -> u.name().equals(name))) {
                throw new IllegalArgumentException(file.users + ": user '" + name + "' exists already (change it with passwd, or remove it)");
            }
            Role r = Role.parse(role);
            if (r == null) throw new IllegalArgumentException("--role: '" + role + "' is not admin, regulator, enterprise or inspector");
            User u = new User(name, r, regions, enterprise, null, List.of());
            String problem = u.problem();
            if (problem != null) throw new IllegalArgumentException("user '" + name + "': " + problem);
            if (!noPassword) u = u.withPasswordHash(hashAndClear(readPassword(passwordStdin, name)));
            users.add(u);
            UsersFile.save(file.users, users);
            out.printf("added %s (%s) to %s%n", name, r.id(), file.users);
            out.flush();
            return 0;
        }
    }

    /** {@code vigil user list}: names, roles, scopes and token ids; never hashes. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List the users (never their password or token hashes).",
            "列出用户（不显示密码或令牌的散列值）。"})
    static final class ListUsers extends Sub {
        @Override
        int run(PrintWriter out) {
            List<User> users = users();
            TextTable t = new TextTable("NAME", "ROLE", "SCOPE", "PASSWORD", "TOKENS");
            for (User u : users) {
                String scope = switch (u.role()) {
                    case ADMIN -> "all";
                    case ENTERPRISE -> "enterprise " + u.enterprise();
                    default -> "regions " + String.join(",", u.regions());
                };
                t.row(u.name(), u.role().id(), scope, u.passwordHash() == null ? "-" : "set",
                        u.tokens().isEmpty() ? "-" : String.join(",", u.tokens().stream().map(ApiToken::id).toList()));
            }
            t.print(out);
            out.printf("%d user%s in %s%n", users.size(), users.size() == 1 ? "" : "s", file.users);
            out.flush();
            return 0;
        }
    }

    /** {@code vigil user remove NAME}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = {"Remove a user (its sessions and tokens stop working).",
            "删除用户（其会话与令牌随即失效）。"})
    static final class Remove extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(PrintWriter out) {
            List<User> users = users();
            users.remove(indexOf(users, name));
            UsersFile.save(file.users, users);
            out.printf("removed %s from %s%n", name, file.users);
            out.flush();
            return 0;
        }
    }

    /** {@code vigil user passwd NAME}. */
    @Command(name = "passwd", mixinStandardHelpOptions = true, description = {"Set a user's password.", "修改用户密码。"})
    static final class Passwd extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean passwordStdin;

        @Override
        int run(PrintWriter out) {
            List<User> users = users();
            int i = indexOf(users, name);
            users.set(i, users.get(i).withPasswordHash(hashAndClear(readPassword(passwordStdin, name))));
            UsersFile.save(file.users, users);
            out.printf("password of %s changed in %s%n", name, file.users);
            out.flush();
            return 0;
        }
    }

    /** {@code vigil user token NAME [--label TEXT] [--revoke ID]}. */
    @Command(name = "token", mixinStandardHelpOptions = true,
            description = {"Issue an API token for a user (printed once; only its hash is kept), or revoke one with --revoke ID.",
                    "为用户签发 API 令牌（只显示一次，仅保存其散列值），或用 --revoke ID 吊销。"})
    static final class Token extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--label", description = "what the token is for (shown by list as its id only)")
        String label;

        @Option(names = "--revoke", paramLabel = "ID", description = "revoke the token with this id instead")
        String revoke;

        @Option(names = {"-q", "--quiet"}, description = "print only the token")
        boolean quiet;

        @Override
        int run(PrintWriter out) {
            List<User> users = users();
            int i = indexOf(users, name);
            User u = users.get(i);
            if (revoke != null) {
                if (u.tokens().stream().noneMatch(t -> t.id().equals(revoke))) {
                    throw new IllegalArgumentException("user '" + name + "' has no token " + revoke);
                }
                users.set(i, u.withoutToken(revoke));
                UsersFile.save(file.users, users);
                out.printf("revoked token %s of %s%n", revoke, name);
                out.flush();
                return 0;
            }
            ApiToken.Issued t = ApiToken.issue(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), label);
            users.set(i, u.withToken(t.record()));
            UsersFile.save(file.users, users);
            if (quiet) {
                out.println(t.token());
            } else {
                out.printf("API token %s for %s (%s); shown only now, use it as  Authorization: Bearer TOKEN%n%s%n",
                        t.record().id(), name, u.role().id(), t.token());
            }
            out.flush();
            return 0;
        }
    }
}
