#include "indexer/update/ordered_pipeline.h"

#include <doctest/doctest.h>
#include <pthread.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>

namespace morgue {

TEST_CASE("ordered pipeline: threads are named by role and number") {
  using Pipeline = OrderedPipeline<int, int>;
  const auto own_name = [] {
    char name[16] = {};
    pthread_getname_np(pthread_self(), name, sizeof name);
    return std::string(name);
  };
  std::mutex mutex;
  std::set<std::string> names;
  const auto note = [&] {
    const std::lock_guard lock(mutex);
    names.insert(own_name());
  };
  Pipeline::Settings settings;
  settings.workers = 2;
  settings.consumers = 2;
  settings.batch = 1;
  settings.worker_name = "analyse";
  settings.sequencer_name = "a-very-long-sequencer-name";
  settings.consumer_name = "write";
  {
    Pipeline pipeline(
        settings,
        [&](std::size_t, int& x) {
          note();
          return x;
        },
        [&](std::size_t, std::vector<int>&) { note(); },
        [&](std::size_t, std::size_t, std::vector<int>&) { note(); });
    // Batches of one: either worker may take any of them, so one of the two is enough.
    for (int i = 0; i < 200; ++i) pipeline.push(i);
    pipeline.finish();
  }
  CHECK(names.contains("write0"));
  CHECK(names.contains("write1"));
  CHECK(names.contains("a-very-long-seq"));  // Linux keeps 15 bytes
  CHECK(names.contains("analyse0") + names.contains("analyse1") >= 1);
  for (const std::string& n : names) {
    CHECK((n.starts_with("analyse") || n.starts_with("write") || n == "a-very-long-seq"));
  }
}

TEST_CASE("ordered pipeline: consumers see every output in push order") {
  using Pipeline = OrderedPipeline<int, int>;
  std::vector<std::vector<int>> seen(2);
  std::atomic<int> max_in_flight{0}, in_flight{0};
  Pipeline::Settings settings;
  settings.workers = 3;
  settings.consumers = 2;
  settings.batch = 7;
  settings.in_flight = 2;
  {
    Pipeline pipeline(
        settings,
        [&](std::size_t, int& x) {
          const int now = ++in_flight;
          int seen_max = max_in_flight.load();
          while (now > seen_max && !max_in_flight.compare_exchange_weak(seen_max, now)) {
          }
          --in_flight;
          return x * 2;
        },
        nullptr,
        [&](std::size_t c, std::size_t, std::vector<int>& batch) {
          for (int v : batch) seen[c].push_back(v);
        });
    for (int i = 0; i < 100; ++i) pipeline.push(i);
    pipeline.finish();
  }
  for (const auto& s : seen) {
    REQUIRE(s.size() == 100);
    for (int i = 0; i < 100; ++i) CHECK(s[static_cast<std::size_t>(i)] == i * 2);
  }
  CHECK(max_in_flight.load() <= 3);
}

TEST_CASE("ordered pipeline: at most in_flight batches are held") {
  using Pipeline = OrderedPipeline<int, int>;
  std::atomic<int> pushed{0}, consumed{0}, worst{0};
  Pipeline::Settings settings;
  settings.workers = 2;
  settings.batch = 4;
  settings.in_flight = 2;
  Pipeline pipeline(
      settings, [&](std::size_t, int& x) { return x; }, nullptr,
      [&](std::size_t, std::size_t, std::vector<int>& batch) {
        consumed += static_cast<int>(batch.size());
        // Items pushed but not yet consumed: never more than in_flight full batches plus
        // the batch being filled.
        const int held = pushed.load() - consumed.load();
        if (held > worst.load()) worst = held;
      });
  for (int i = 0; i < 200; ++i) {
    pipeline.push(i);
    ++pushed;
  }
  pipeline.finish();
  CHECK(consumed.load() == 200);
  CHECK(worst.load() <= 4 * 2 + 4);
}

TEST_CASE("ordered pipeline: the first failure stops it and is rethrown") {
  using Pipeline = OrderedPipeline<int, int>;
  Pipeline::Settings settings;
  settings.batch = 3;
  std::atomic<int> consumed{0};
  Pipeline pipeline(
      settings,
      [](std::size_t, int& x) {
        if (x == 10) throw std::runtime_error("bad item 10");
        return x;
      },
      nullptr,
      [&](std::size_t, std::size_t, std::vector<int>& batch) {
        consumed += static_cast<int>(batch.size());
      });
  std::string message;
  try {
    for (int i = 0; i < 1000; ++i) pipeline.push(i);
    pipeline.finish();
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  CHECK(message == "bad item 10");
  CHECK(consumed.load() <= 9);  // nothing from the failed batch on
}

TEST_CASE("ordered pipeline: a failing consumer and an abandoned pipeline do not hang") {
  using Pipeline = OrderedPipeline<int, int>;
  Pipeline::Settings settings;
  settings.batch = 2;
  {
    Pipeline pipeline(
        settings, [](std::size_t, int& x) { return x; }, nullptr,
        [](std::size_t, std::size_t, std::vector<int>&) { throw std::runtime_error("disk full"); });
    CHECK_THROWS_WITH(
        {
          for (int i = 0; i < 100; ++i) pipeline.push(i);
          pipeline.finish();
        },
        "disk full");
  }
  {
    Pipeline pipeline(
        settings, [](std::size_t, int& x) { return x; }, nullptr,
        [](std::size_t, std::size_t, std::vector<int>&) {});
    for (int i = 0; i < 5; ++i) pipeline.push(i);
    // destroyed without finish(): threads are stopped and joined
  }
}

TEST_CASE("ordered pipeline: the sequence step sees batches in order, before consumers") {
  using Pipeline = OrderedPipeline<int, int>;
  Pipeline::Settings settings;
  settings.workers = 3;
  settings.consumers = 2;
  settings.batch = 5;
  int running = 0;  // touched by the sequencer thread only
  std::vector<std::size_t> numbers;
  std::vector<std::vector<int>> seen(2);
  Pipeline pipeline(
      settings, [](std::size_t, int& x) { return x; },
      [&](std::size_t number, std::vector<int>& batch) {
        numbers.push_back(number);
        for (int& v : batch) v = (running += v);  // a running sum: needs the order
      },
      [&](std::size_t c, std::size_t, std::vector<int>& batch) {
        for (int v : batch) seen[c].push_back(v);
      });
  for (int i = 1; i <= 52; ++i) pipeline.push(i);
  pipeline.finish();
  REQUIRE(numbers.size() == 11);
  for (std::size_t n = 0; n < numbers.size(); ++n) CHECK(numbers[n] == n);
  for (const auto& s : seen) {
    REQUIRE(s.size() == 52);
    for (int i = 1; i <= 52; ++i) CHECK(s[static_cast<std::size_t>(i - 1)] == i * (i + 1) / 2);
  }
}

TEST_CASE("ordered pipeline: a batch also closes at its weight") {
  using Pipeline = OrderedPipeline<int, int>;
  Pipeline::Settings settings;
  settings.batch = 100;
  settings.batch_weight = 10;
  std::vector<std::size_t> sizes;
  Pipeline pipeline(
      settings, [](std::size_t, int& x) { return x; }, nullptr,
      [&](std::size_t, std::size_t, std::vector<int>& batch) { sizes.push_back(batch.size()); });
  for (int i = 0; i < 6; ++i) pipeline.push(i, 4);  // 4+4+4 >= 10: batches of three
  pipeline.push(6, 100);                            // one heavy item is a batch of its own
  pipeline.push(7, 1);
  pipeline.finish();
  CHECK(sizes == std::vector<std::size_t>{3, 3, 1, 1});
}

}  // namespace morgue
