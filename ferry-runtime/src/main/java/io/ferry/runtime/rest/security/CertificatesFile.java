package io.ferry.runtime.rest.security;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The roles of client certificates ({@code rest.auth.certificates.file}): one {@code role:subject} a line, the first
 * line that matches a certificate's subject deciding. The subject is either a whole distinguished name
 * ({@code CN=alice,OU=ops,O=Example}, compared as names, not as text), or {@code CN=} alone with a pattern where
 * {@code *} stands for any characters ({@code CN=worker-*.connect.internal}), compared with the certificate's common
 * name only.
 */
final class CertificatesFile {

    static final String FORMAT = "<role>:<subject DN, or CN=<pattern with *>>";

    private record Rule(Role role, X500Principal subject, Pattern commonName) {
        boolean matches(X500Principal certificate) {
            if (subject != null) {
                return subject.equals(certificate);
            }
            String cn = CertificatesFile.commonName(certificate);
            return cn != null && commonName.matcher(cn).matches();
        }
    }

    private final WatchedFile<List<Rule>> file;

    CertificatesFile(Path path, String key) {
        file = new WatchedFile<>(path, key, CertificatesFile::parse);
    }

    private static List<Rule> parse(List<WatchedFile.Line> lines) {
        List<Rule> rules = new ArrayList<>();
        for (WatchedFile.Line line : lines) {
            String[] fields = WatchedFile.fields(line, 2, FORMAT);
            Role role = WatchedFile.role(line, fields[0]);
            LdapName name;
            try {
                name = new LdapName(fields[1]);
            } catch (InvalidNameException | IllegalArgumentException e) {
                throw new WatchedFile.LineException(line.number(), "'" + fields[1] + "' is not a distinguished name");
            }
            if (name.size() == 1 && name.getRdn(0).getType().equalsIgnoreCase("CN")) {
                rules.add(new Rule(role, null, glob(String.valueOf(name.getRdn(0).getValue()))));
            } else {
                rules.add(new Rule(role, new X500Principal(fields[1]), null));
            }
        }
        return List.copyOf(rules);
    }

    /** The caller a certificate with this subject is, or empty when no line names it. */
    Optional<Caller> authenticate(X500Principal subject) {
        for (Rule rule : file.current()) {
            if (rule.matches(subject)) {
                return Optional.of(new Caller(subject.getName(), rule.role(), "CLIENT_CERT"));
            }
        }
        return Optional.empty();
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    static String commonName(X500Principal principal) {
        try {
            LdapName name = new LdapName(principal.getName(X500Principal.RFC2253));
            // The most specific CN: LdapName lists the RDNs from the least specific (the end of the text) on.
            List<Rdn> rdns = name.getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                Rdn rdn = rdns.get(i);
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
