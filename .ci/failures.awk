# Prints the tests of a TRX file that did not pass (name and the first lines of their message) and the run's errors.
/<UnitTestResult / {
    name = ""; failing = 0
    if (match($0, /outcome="(Failed|Error|Timeout|Aborted)"/) && match($0, /testName="[^"]*"/)) {
        name = substr($0, RSTART + 10, RLENGTH - 11); failing = 1
        print "FAILED " name
    }
}
/<RunInfo .*outcome="Error"/ { error = 1 }
failing && /<Message>/ { message = 1; shown = 0 }
(failing && message) || error {
    line = $0; sub(/^ +/, "", line)
    gsub(/<\/?(Message|Text)>/, "", line); gsub(/&lt;/, "<", line); gsub(/&gt;/, ">", line); gsub(/&quot;/, "\"", line); gsub(/&amp;/, "\\&", line)
    if (error && line ~ /<\/?RunInfo/) { } else if (shown++ < 12) print "    " line
}
/<\/Message>/ { message = 0 }
/<\/RunInfo>/ { error = 0; shown = 0 }
