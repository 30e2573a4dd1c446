import Foundation
import HindsightTestSupport
import Testing

/// Issue 15 item 4 through the scripts that ship Hindsight: the GitHub Action run locally, the
/// container image's package list and libraries, the generated man page and completions.
@Suite(.serialized) struct ShippingTests {
    /// Runs `bash SCRIPT ARGS` in `cwd` (the package root) with the test binary as HINDSIGHT_BIN.
    func script(_ path: String, _ args: [String] = [], cwd: URL = Fixtures.packageRoot) throws -> CLI.Run {
        try CLI.run(["-c", "exec bash \"$@\"", "sh", cwd.appendingPathComponent(path).path] + args, cwd: cwd,
                    env: ["HINDSIGHT_BIN": CLI.binary.path], shell: true)
    }

    func shell(_ command: String) throws -> CLI.Run {
        try CLI.run(["-c", command], cwd: Fixtures.packageRoot, shell: true)
    }

    func text(_ path: String) throws -> String {
        try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    // MARK: action.yml

    /// A normal run, a `check` run that passes, a stale figure failing with `::error file=…`,
    /// a broken incident annotated at its line (scripts/action-selftest.sh says which failed).
    @Test func theActionRunsLocally() throws {
        let r = try script("scripts/action-selftest.sh")
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("action.yml: 4 runs as expected"), "\(r.stdout)")
    }

    /// The runner refuses what it cannot run faithfully instead of skipping it.
    @Test func theActionRunnerRefusesAnUnknownInput() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["-c", "python3 scripts/action-runner.py action.yml --workspace \"$1\" --input nosuch=1", "sh", dir.path],
                            cwd: Fixtures.packageRoot, shell: true)
        #expect(r.status == 2)
        #expect(r.stderr.contains("no such input: nosuch"), "\(r.stderr)")
    }

    /// `batch --check` names each stale or missing file in the machine styles too: a GitHub
    /// annotation on the file, an entry of the JSON list; the text lines stay on standard error.
    @Test func batchCheckReportsStaleFilesAsDiagnostics() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("in"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.example,
                                         to: dir.appendingPathComponent("in/a.yaml"))
        let args = ["batch", "in", "-o", "out", "--figure", "card,timeline", "--image-format", "svg", "--progress", "never"]
        #expect(try CLI.run(args, cwd: dir).status == 0)
        let fresh = try CLI.run(args + ["--check", "--diagnostics", "github"], cwd: dir)
        #expect(fresh.status == 0 && fresh.stdout.isEmpty, "\(fresh.stdout)\(fresh.stderr)")
        try Data("<svg/>".utf8).write(to: dir.appendingPathComponent("out/a-card.svg"))
        try FileManager.default.removeItem(at: dir.appendingPathComponent("out/a-timeline.svg"))

        let github = try CLI.run(args + ["--check", "--diagnostics", "github"], cwd: dir)
        #expect(github.status == 1)
        #expect(github.stdout.split(separator: "\n").sorted() == [
            "::error file=out/a-card.svg,line=1,col=1,title=hindsight check-stale::out of date: the inputs give other bytes [check-stale]",
            "::error file=out/a-timeline.svg,line=1,col=1,title=hindsight check-missing::missing: the inputs give this file [check-missing]",
        ], "\(github.stdout)")
        #expect(github.stderr.contains("out/a-card.svg: out of date"), "\(github.stderr)")

        let json = try CLI.run(args + ["--check", "--diagnostics", "json"], cwd: dir)
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let rules = (object?["diagnostics"] as? [[String: Any]])?.compactMap { $0["rule"] as? String }.sorted()
        #expect(rules == ["check-missing", "check-stale"], "\(json.stdout)")

        let text = try CLI.run(args + ["--check"], cwd: dir)
        #expect(text.status == 1 && text.stdout.isEmpty, "\(text.stdout)")
        #expect(text.stderr.contains("out/a-timeline.svg: missing"), "\(text.stderr)")
    }

    // MARK: Dockerfile

    /// The packages the Dockerfile's runtime stage installs, in order.
    func dockerfileRuntimePackages() throws -> [String] {
        let dockerfile = try text("Dockerfile")
        guard let stage = dockerfile.range(of: "\nFROM debian:bookworm-slim"),
              let install = dockerfile.range(of: "apt-get install -y --no-install-recommends", range: stage.upperBound..<dockerfile.endIndex),
              let end = dockerfile.range(of: "&&", range: install.upperBound..<dockerfile.endIndex) else {
            Issue.record("no `apt-get install -y --no-install-recommends … &&` in the Dockerfile's debian:bookworm-slim stage")
            return []
        }
        return dockerfile[install.upperBound..<end.lowerBound].split(whereSeparator: { " \n\\".contains($0) }).map(String.init)
    }

    @Test func theImageInstallsTheRuntimePackagesOfInstallDeps() throws {
        let listed = try shell("bash scripts/install-deps.sh runtime --list")
        #expect(listed.status == 0, "\(listed.stderr)")
        let runtime = listed.stdout.split(separator: "\n").map(String.init)
        #expect(runtime.contains("fonts-inter") && runtime.contains("libcairo2"), "\(runtime)")
        #expect(try dockerfileRuntimePackages() == runtime)
    }

    /// Every library the binary links by name (its NEEDED entries, as ldd resolves them here)
    /// comes from a package of the runtime list: the image lacks nothing the binary loads.
    /// Checked on the test build, where Swift's own libraries (under the toolchain) are exempt,
    /// and on scripts/build-release.sh's binary when one is built, where nothing is.
    @Test func theBinaryNeedsOnlyLibrariesOfTheRuntimePackages() throws {
        try checkLibraries(of: CLI.binary.path, swiftRuntimeLinkedIn: false)
        let release = Fixtures.packageRoot.appendingPathComponent(".build/release/hindsight").path
        if FileManager.default.isExecutableFile(atPath: release) {
            try checkLibraries(of: release, swiftRuntimeLinkedIn: true)
        }
    }

    func checkLibraries(of binary: String, swiftRuntimeLinkedIn: Bool) throws {
        let runtime = Set(try shell("bash scripts/install-deps.sh runtime --list").stdout.split(separator: "\n").map(String.init))
        let needed = try shell("objdump -p '\(binary)' | awk '$1 == \"NEEDED\" { print $2 }'")
        #expect(needed.status == 0, "\(needed.stderr)")
        let sonames = needed.stdout.split(separator: "\n").map(String.init)
        #expect(sonames.contains { $0.hasPrefix("libcairo") } && sonames.contains { $0.hasPrefix("libpango") }, "\(sonames)")
        let ldd = try shell("ldd '\(binary)'")
        #expect(ldd.status == 0, "\(ldd.stderr)")
        // `name => /path (address)`, and the loader as `/path (address)`.
        var paths: [String: String] = [:]
        for line in ldd.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ").map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count >= 3, parts[1] == "=>" { paths[parts[0]] = parts[2] }
            else if let first = parts.first, first.hasPrefix("/") { paths[(first as NSString).lastPathComponent] = first }
        }
        let toolchain = try shell("dirname \"$(dirname \"$(command -v swift)\")\"").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        var swiftLibraries: [String] = []
        var libraries: [(soname: String, path: String)] = []
        for soname in sonames {
            guard let path = paths[soname], path.hasPrefix("/") else {
                Issue.record("\(binary): \(soname): ldd does not find it")
                continue
            }
            if !toolchain.isEmpty, path.hasPrefix(toolchain + "/") { swiftLibraries.append(soname) } else { libraries.append((soname, path)) }
        }
        // One dpkg -S for all (`package:arch: path` lines); a path dpkg knows under its other
        // merged-/usr spelling is asked again by its real path.
        func owners(_ paths: [String]) throws -> [String: String] {
            let r = try shell("dpkg -S " + paths.map { "'\($0)'" }.joined(separator: " ") + " 2>/dev/null")
            var found: [String: String] = [:]
            for line in r.stdout.split(separator: "\n") {
                guard let sep = line.range(of: ": ") else { continue }
                found[String(line[sep.upperBound...])] = String(line[..<sep.lowerBound].split(separator: ":")[0])
            }
            return found
        }
        var owner = try owners(libraries.map(\.path))
        for (_, path) in libraries where owner[path] == nil {
            let real = try shell("realpath '\(path)'").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            owner[path] = try owners([real])[real]
        }
        for (soname, path) in libraries {
            let package = owner[path] ?? "no package"
            let listed = runtime.contains(package)
            #expect(listed, "\(binary): \(soname) (\(path)) comes from `\(package)`, not a runtime package of scripts/install-deps.sh")
        }
        if swiftRuntimeLinkedIn {
            #expect(swiftLibraries.isEmpty, "\(binary) loads Swift libraries of the toolchain: \(swiftLibraries)")
        }
    }

    /// What the Dockerfile copies into the build stage is in the build context (.dockerignore).
    @Test func theBuildStageCopiesOnlyWhatTheContextHolds() throws {
        let ignored = Set(try text(".dockerignore").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 })
        let copies = try text("Dockerfile").split(separator: "\n").filter { $0.hasPrefix("COPY ") && !$0.contains("--from") }
        #expect(copies.count >= 5)
        for copy in copies {
            let source = String(copy.split(separator: " ")[1])
            let top = String(source.split(separator: "/")[0])
            #expect(!ignored.contains(top) && !ignored.contains(source), "\(source) is excluded by .dockerignore")
            #expect(FileManager.default.fileExists(atPath: Fixtures.packageRoot.appendingPathComponent(source).path), "\(source) does not exist")
        }
        // SwiftPM will not load the manifest without every target's folder.
        #expect(copies.contains { $0.hasPrefix("COPY Tests ") } && copies.contains { $0.hasPrefix("COPY Plugins ") })
    }

    // MARK: man page and completions

    @Test func theManPageAndCompletionsAreUpToDateAndParse() throws {
        let r = try script("scripts/gen-docs.sh", ["--check"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("4 files up to date"), "\(r.stderr)")
        #expect(!r.stderr.contains("not installed"), "a checker is missing (scripts/install-deps.sh test): \(r.stderr)")
    }

    @Test func theManPageNamesEveryCommandAndFlag() throws {
        let page = try text("docs/man/hindsight.1")
        for command in ["render", "report", "embed", "batch", "check", "export", "schema", "init", "fonts"] {
            #expect(page.contains(".SS hindsight \(command)\n"), "no section for \(command)")
        }
        for flag in ["image\\-format", "diagnostics", "check", "prune", "theme"] {
            #expect(page.contains("\\fB\\-\\-\(flag)\\fR"), "no --\(flag)")
        }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/man") {
            let man = try shell("MANWIDTH=80 man -l docs/man/hindsight.1 2>&1 | col -b")
            #expect(man.status == 0)
            #expect(man.stdout.contains("hindsight batch") && man.stdout.contains("--image-format"), "\(man.stdout.prefix(400))")
        }
    }

    /// A stale page is caught: --check compares bytes (run on a copy of the tree's files).
    @Test func genDocsCheckFailsOnAStalePage() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for path in ["scripts/gen-docs.sh", "scripts/man-from-help.py", "docs/man/hindsight.1",
                     "completions/hindsight.bash", "completions/_hindsight", "completions/hindsight.fish"] {
            let to = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent(path), to: to)
        }
        let page = dir.appendingPathComponent("docs/man/hindsight.1")
        try (String(contentsOf: page, encoding: .utf8) + ".\\\" stale\n").write(to: page, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("completions/_hindsight"))
        let r = try script("scripts/gen-docs.sh", ["--check"], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("docs/man/hindsight.1: out of date"), "\(r.stderr)")
        #expect(r.stderr.contains("completions/_hindsight: missing"), "\(r.stderr)")
        #expect(r.stderr.contains("2 of 4 files out of date"), "\(r.stderr)")
    }
}
