package io.prewarm.launcher.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's arguments split into options and operands, GNU style: {@code --name value} or
 * {@code --name=value}, options may repeat, {@code -} is an operand (stdin) and {@code --} ends
 * the options. Anything not declared is a usage error, so a typo never silently means something.
 */
final class Args {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> operands = new ArrayList<>();

    private Args() {
    }

    /** Parses {@code args}; {@code valued} options take a value, {@code flags} take none. */
    static Args parse(List<String> args, Set<String> valued, Set<String> flags) {
        Args parsed = new Args();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                parsed.operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                parsed.operands.add(a);
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            if (flags.contains(name) && eq < 0) {
                parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (eq < 0 && (i + 1 == args.size() || args.get(i + 1).startsWith("--"))) {
                    throw usage(name + " needs a value");
                }
                parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add(eq < 0 ? args.get(++i) : a.substring(eq + 1));
            } else {
                throw usage("unknown option " + name);
            }
        }
        return parsed;
    }

    static CliError usage(String message) {
        return new CliError(Exit.USAGE, message);
    }

    boolean has(String option) {
        return values.containsKey(option);
    }

    boolean flag(String option) {
        return has(option);
    }

    /** Every value of a repeatable option, comma lists split, blanks dropped. */
    List<String> list(String option) {
        return values.getOrDefault(option, List.of()).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** Every value of a repeatable option as given (surrounding blanks trimmed, blanks dropped), commas kept: for URLs. */
    List<String> each(String option) {
        return values.getOrDefault(option, List.of()).stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /** The value of an option given at most once. */
    Optional<String> one(String option) {
        List<String> given = values.getOrDefault(option, List.of());
        if (given.size() > 1) {
            throw usage(option + " is given " + given.size() + " times; give it once");
        }
        return given.stream().findFirst();
    }

    List<String> operands() {
        return operands;
    }
}
