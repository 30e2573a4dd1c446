function __hindsight_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __hindsight_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __hindsight_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __hindsight_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __hindsight_parse_tokens -S
    set -l unparsed_tokens (__hindsight_tokens -pc)
    switch $unparsed_tokens[1]
    case 'hindsight'
        __hindsight_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'render'
            __hindsight_parse_subcommand -r 1 'o/output=' 'figure=+' 'image-format=+' 'theme=' 'scale=' 'width=' 'incident-id=' 'layout-json' 'alt' 'check' 'version' 'h/help'
        case 'report'
            __hindsight_parse_subcommand 1 'o/output=' 'to=+' 'template=' 'style=' 'page=' 'theme=' 'scale=' 'incident-id=' 'version' 'h/help'
        case 'embed'
            __hindsight_parse_subcommand 1 'incident=' 'report' 'append' 'figure-dir=' 'template=' 'style=' 'theme=' 'scale=' 'version' 'h/help'
        case 'batch'
            __hindsight_parse_subcommand -r 1 'o/output=' 'jobs=' 'shard=' 'progress=' 'diagnostics=' 'markdown' 'force' 'prune' 'strict' 'check' 'time-limit=' 'merge-manifests' 'isolation=' 'figure=+' 'image-format=+' 'theme=' 'scale=' 'width=' 'report=+' 'template=' 'style=' 'page=' 'version' 'h/help'
        case 'watch'
            __hindsight_parse_subcommand -r 1 'o/output=' 'figure=+' 'image-format=+' 'theme=' 'scale=' 'width=' 'to=+' 'template=' 'style=' 'page=' 'incident-id=' 'serve' 'port=' 'once' 'version' 'h/help'
        case 'check'
            __hindsight_parse_subcommand -r 1 'diagnostics=' 'strict' 'incident-id=' 'v/verbose' 'version' 'h/help'
        case 'export'
            __hindsight_parse_subcommand 1 'to=' 'incident-id=' 'version' 'h/help'
        case 'schema'
            __hindsight_parse_subcommand 0 'version' 'h/help'
        case 'init'
            __hindsight_parse_subcommand 1 'force' 'version' 'h/help'
        case 'fonts'
            __hindsight_parse_subcommand 0 'version' 'h/help'
        case 'help'
            __hindsight_parse_subcommand -r 1 'version'
        end
    end
end

function __hindsight_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __hindsight_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __hindsight_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __hindsight_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__hindsight_tokens -p)
    if test -z "$(__hindsight_tokens -t)"
        set -l index (count (__hindsight_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'hindsight' -f
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight" version' -l 'version' -d 'Show the version.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_positional "hindsight" -eq 1' -fa 'render' -d 'Render the figures of each input as PNG, SVG or PDF.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_positional "hindsight" -eq 1' -fa 'report' -d 'Write the postmortem report (Markdown, PDF or HTML) with its figures beside it.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_positional "hindsight" -eq 1' -fa 'embed' -d 'Refresh the figures (or, with --report, the whole report) inside a Markdown file.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_positional "hindsight" -eq 1' -fa 'batch' -d 'Render every incident under some folders, in parallel, into a mirrored folder tree.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_positional "hindsight" -eq 1' -fa 'watch' -d 'Render again whenever an input or a theme file changes; optionally serve a live preview.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_positional "hindsight" -eq 1' -fa 'check' -d 'Validate incidents; print each problem as FILE:LINE:COLUMN.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_positional "hindsight" -eq 1' -fa 'export' -d 'Print the normalized incident: ISO 8601 times, duration and derived metrics.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_positional "hindsight" -eq 1' -fa 'schema' -d 'Print the JSON Schema of incident format v1.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_positional "hindsight" -eq 1' -fa 'init' -d 'Write a commented template incident (to FILE, or standard output).'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_positional "hindsight" -eq 1' -fa 'fonts' -d 'List the pinned fonts, in fallback order, and the scripts each covers.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_positional "hindsight" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight render" o output' -l 'output' -s 'o' -d 'Output folder; `-` writes the one file asked for to standard output.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight render"' -l 'figure' -d 'timeline, impact, card or all; repeatable or comma-separated (default: all).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight render"' -l 'image-format' -d 'png, svg, pdf; repeatable or comma-separated (default: png,svg).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight render" theme' -l 'theme' -d 'light, dark, high-contrast or a theme file; comma-separated for several (render, batch: default light; report, embed: default light,dark, the second being the dark variant in <picture>).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight render" scale' -l 'scale' -d 'PNG pixel density (1 = logical size; default 2, sharp on HiDPI screens).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight render" width' -l 'width' -d 'Figure width in logical pixels (timeline and impact default 800, their design width; the card is always 1200×630).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight render" incident-id' -l 'incident-id' -d 'The incident to read from a status-page `incidents.json` or a PagerDuty log-entries export holding several (its `id`); other inputs ignore it.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight render" layout-json' -l 'layout-json' -d 'Also write DIR/<stem>-<figure>.layout.json, the placed texts.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight render" alt' -l 'alt' -d 'Print each figure\'s alt text (instead of the paths written).'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight render" check' -l 'check' -d 'Write nothing: exit 1, naming each file, if what is in DIR differs from what the inputs give.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight render" version' -l 'version' -d 'Show the version.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight render" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight report" o output' -l 'output' -s 'o' -d 'Output folder; `-` writes a PDF or HTML report (which hold their figures) to standard output.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight report"' -l 'to' -d 'md, pdf, html; repeatable or comma-separated (default: md).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight report" template' -l 'template' -d 'alx (the assignment\'s sections; default), google-sre or atlassian.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight report" style' -l 'style' -d 'plain (default) or playful.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight report" page' -l 'page' -d 'PDF page size: a4 (default) or letter.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight report" theme' -l 'theme' -d 'light, dark, high-contrast or a theme file; comma-separated for several (render, batch: default light; report, embed: default light,dark, the second being the dark variant in <picture>).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight report" scale' -l 'scale' -d 'PNG pixel density (1 = logical size; default 2, sharp on HiDPI screens).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight report" incident-id' -l 'incident-id' -d 'The incident to read from a status-page `incidents.json` or a PagerDuty log-entries export holding several (its `id`); other inputs ignore it.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight report" version' -l 'version' -d 'Show the version.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight report" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight embed" incident' -l 'incident' -d 'The incident to draw (YAML, JSON or a Markdown postmortem).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight embed" report' -l 'report' -d 'Embed the whole report, not only the figures.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight embed" append' -l 'append' -d 'Add the markers at the end of the file when it has none.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight embed" figure-dir' -l 'figure-dir' -d 'Folder for the figure files, relative to the Markdown file\'s folder (default: beside it).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight embed" template' -l 'template' -d 'alx (default), google-sre or atlassian (with --report).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight embed" style' -l 'style' -d 'plain (default) or playful (with --report).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight embed" theme' -l 'theme' -d 'light, dark, high-contrast or a theme file; comma-separated for several (render, batch: default light; report, embed: default light,dark, the second being the dark variant in <picture>).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight embed" scale' -l 'scale' -d 'PNG pixel density (1 = logical size; default 2, sharp on HiDPI screens).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight embed" version' -l 'version' -d 'Show the version.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight embed" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" o output' -l 'output' -s 'o' -d 'Output folder.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" jobs' -l 'jobs' -d 'Inputs rendering at once (default: the number of cores).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" shard' -l 'shard' -d 'I/N: render only the I-th of N stable shares of the inputs (1-based).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" progress' -l 'progress' -d 'auto (default: a bar on a terminal, plain lines in CI or a log), always (the bar) or never.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" diagnostics' -l 'diagnostics' -d 'How problems are reported: text (standard error; default), json or github (standard output).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" markdown' -l 'markdown' -d 'Also take Markdown postmortems (.md).'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" force' -l 'force' -d 'Render every input, even those unchanged since the last manifest.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" prune' -l 'prune' -d 'Delete the outputs the last manifest lists for inputs that no longer exist (unless changed since).'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" strict' -l 'strict' -d 'Treat warnings as errors: an input with warnings fails the batch (exit 1); its outputs are still written.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" check' -l 'check' -d 'Write nothing: render in memory and exit 1, naming each file in DIR that differs from what the inputs give or is missing.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" time-limit' -l 'time-limit' -d 'Seconds one input may take before it fails with render-timeout and the batch goes on (0: no limit; worker processes only).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" merge-manifests' -l 'merge-manifests' -d 'Merge shard manifests (the PATHs) into DIR/manifest.json.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" isolation' -l 'isolation' -d 'process (default: worker processes, a crash fails one input) or thread (in-process: faster to start, no crash isolation).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch"' -l 'figure' -d 'timeline, impact, card or all; repeatable or comma-separated (default: all).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch"' -l 'image-format' -d 'png, svg, pdf; repeatable or comma-separated (default: png,svg).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" theme' -l 'theme' -d 'light, dark, high-contrast or a theme file; comma-separated for several (render, batch: default light; report, embed: default light,dark, the second being the dark variant in <picture>).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" scale' -l 'scale' -d 'PNG pixel density (1 = logical size; default 2, sharp on HiDPI screens).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" width' -l 'width' -d 'Figure width in logical pixels (timeline and impact default 800, their design width; the card is always 1200×630).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch"' -l 'report' -d 'Also write each input\'s report beside its figures: md, pdf, html; repeatable or comma-separated.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" template' -l 'template' -d 'alx (the assignment\'s sections; default), google-sre or atlassian.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" style' -l 'style' -d 'plain (default) or playful.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" page' -l 'page' -d 'PDF page size: a4 (default) or letter.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" version' -l 'version' -d 'Show the version.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight batch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch" o output' -l 'output' -s 'o' -d 'Output folder.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch"' -l 'figure' -d 'timeline, impact, card or all; repeatable or comma-separated (default: all).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch"' -l 'image-format' -d 'png, svg, pdf; repeatable or comma-separated (default: png,svg).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch" theme' -l 'theme' -d 'light, dark, high-contrast or a theme file; comma-separated for several (render, batch: default light; report, embed: default light,dark, the second being the dark variant in <picture>).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch" scale' -l 'scale' -d 'PNG pixel density (1 = logical size; default 2, sharp on HiDPI screens).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch" width' -l 'width' -d 'Figure width in logical pixels (timeline and impact default 800, their design width; the card is always 1200×630).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch"' -l 'to' -d 'Also write each input\'s report: md, pdf, html; repeatable or comma-separated.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch" template' -l 'template' -d 'alx (the assignment\'s sections; default), google-sre or atlassian.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch" style' -l 'style' -d 'plain (default) or playful.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch" page' -l 'page' -d 'PDF page size: a4 (default) or letter.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch" incident-id' -l 'incident-id' -d 'The incident to read from a status-page `incidents.json` or a PagerDuty log-entries export holding several (its `id`); other inputs ignore it.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch" serve' -l 'serve' -d 'Serve a preview page on 127.0.0.1 that reloads itself when the files change.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch" port' -l 'port' -d 'Port of the preview (with --serve; default 8017; 0: any free port).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch" once' -l 'once' -d 'Render once and exit (1 if an input has errors), as render does, writing only changed files.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch" version' -l 'version' -d 'Show the version.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight watch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight check" diagnostics' -l 'diagnostics' -d 'How problems are reported: text (standard error; default), json or github (standard output).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight check" strict' -l 'strict' -d 'Treat warnings as errors.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight check" incident-id' -l 'incident-id' -d 'The incident to read from a status-page `incidents.json` or a PagerDuty log-entries export holding several (its `id`); other inputs ignore it.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight check" v verbose' -l 'verbose' -s 'v' -d 'Also list notes (`info`): for a Markdown postmortem, each value the importer inferred rather than read.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight check" version' -l 'version' -d 'Show the version.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight export" to' -l 'to' -d 'The document written to standard output: json or yaml (default: json).' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight export" incident-id' -l 'incident-id' -d 'The incident to read from a status-page `incidents.json` or a PagerDuty log-entries export holding several (its `id`); other inputs ignore it.' -rfka ''
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight export" version' -l 'version' -d 'Show the version.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight schema" version' -l 'version' -d 'Show the version.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight schema" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight init" force' -l 'force' -d 'Overwrite FILE if it exists.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight init" version' -l 'version' -d 'Show the version.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight fonts" version' -l 'version' -d 'Show the version.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight fonts" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'hindsight' -n '__hindsight_should_offer_completions_for_flags_or_options "hindsight help" version' -l 'version' -d 'Show the version.'
