#include "searcher/alert/alert_state.h"

#include <doctest/doctest.h>

#include "tests/support/temp_dir.h"

using morgue::AlertState;

TEST_CASE("alert state: none at first; what is saved reads back") {
  morgue::test::TempDir dir;
  const auto file = dir / "state.json";
  CHECK_FALSE(morgue::load_alert_state(file).has_value());
  AlertState state;
  state.searches["orban"] = {"Orban", 4, {"a1", "a2"}};
  state.searches["empty"] = {"", 0, {}};
  morgue::save_alert_state(file, state);
  const auto back = morgue::load_alert_state(file);
  REQUIRE(back.has_value());
  REQUIRE(back->searches.size() == 2);
  CHECK(back->searches.at("orban").run == 4);
  CHECK(back->searches.at("orban").query == "Orban");
  CHECK(back->searches.at("orban").reported == std::set<std::string>{"a1", "a2"});
  CHECK(back->searches.at("empty").reported.empty());
}

TEST_CASE("alert state: a damaged or foreign file is an error that says how to start over") {
  morgue::test::TempDir dir;
  for (const char* text :
       {"", "{", "[]", "{\"format\": 2, \"searches\": {}}", "{\"format\": 1}",
        "{\"format\": 1, \"searches\": {\"x\": {}}}",
        "{\"format\": 1, \"searches\": {\"x\": {\"run\": 1, \"reported\": [3]}}}"}) {
    CAPTURE(text);
    const auto file = dir.write("state.json", text);
    CHECK_THROWS_WITH_AS((void)morgue::load_alert_state(file),
                         doctest::Contains("remove it to start over"), morgue::AlertStateError);
  }
}

TEST_CASE("alert state lock: one run at a time") {
  morgue::test::TempDir dir;
  const auto file = dir / "state.json";
  {
    const auto held = morgue::AlertStateLock::acquire(file);
    CHECK_THROWS_AS((void)morgue::AlertStateLock::acquire(file), morgue::AlertStateLocked);
  }
  CHECK_NOTHROW((void)morgue::AlertStateLock::acquire(file));  // released with the first
}

TEST_CASE(
    "alert state lock: two names of one file share one lock; a planted lock link is refused") {
  morgue::test::TempDir dir;
  const auto file = dir.write("real/state.json", "{\"format\": 1, \"searches\": {}}");
  std::filesystem::create_symlink(file, dir / "link.json");
  std::filesystem::create_symlink(dir / "real", dir / "linked-dir");
  {
    const auto held = morgue::AlertStateLock::acquire(dir / "link.json");
    CHECK_THROWS_AS((void)morgue::AlertStateLock::acquire(file), morgue::AlertStateLocked);
    CHECK_THROWS_AS((void)morgue::AlertStateLock::acquire(dir / "linked-dir" / "state.json"),
                    morgue::AlertStateLocked);
  }
  CHECK(morgue::resolve_state_path(dir / "link.json") == file);
  // A link at the lock's name would have the lock file made wherever it points.
  const auto victim = dir / "victim";
  std::filesystem::create_symlink(victim, dir / "other.json.lock");
  CHECK_THROWS_AS((void)morgue::AlertStateLock::acquire(dir / "other.json"), std::runtime_error);
  CHECK_FALSE(std::filesystem::exists(victim));
}

TEST_CASE("alert state: the index identity is kept; a state without one reads") {
  morgue::test::TempDir dir;
  morgue::AlertState state;
  state.index_id = "0b6a4a52-8f0e-4d7e-9a37-3c1d0e1f2a3b";
  state.searches["x"].run = 3;
  morgue::save_alert_state(dir / "s.json", state);
  CHECK(morgue::load_alert_state(dir / "s.json")->index_id == state.index_id);
  const auto old = dir.write("old.json", "{\"format\": 1, \"searches\": {}}");
  CHECK(morgue::load_alert_state(old)->index_id.empty());
}
