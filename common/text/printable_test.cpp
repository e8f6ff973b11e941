#include "common/text/printable.h"

#include <doctest/doctest.h>

TEST_CASE("control characters never reach the terminal raw") {
  using morgue::printable;
  CHECK(printable("Orbán “quoted” — fine") == "Orbán “quoted” — fine");
  CHECK(printable("clear\x1b[2Jscreen") == "clear\\x1B[2Jscreen");
  CHECK(printable("\x1b]52;c;ZXZpbA==\x07") == "\\x1B]52;c;ZXZpbA==\\x07");  // OSC 52
  CHECK(printable("csi \xC2\x9B"
                  "31m") == "csi \\u009B31m");  // C1 CSI
  CHECK(printable("latin1 caf\xE9") == "latin1 caf\\xE9");
  CHECK(printable("a\tb\nc") == "a\\x09b\\x0Ac");
  CHECK(printable("a\tb\nc", true) == "a\tb\nc");
  CHECK(printable("del\x7F") == "del\\x7F");
}
