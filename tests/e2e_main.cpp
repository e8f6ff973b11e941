// Entry point of the end-to-end test binaries. The seed-corpus binary exits 77 (ctest's
// "skipped") with a message when ../shared/corpus/seeds is not there.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

int main(int argc, char** argv) {
#ifdef MORGUE_NEEDS_SEEDS
  const char* shared = std::getenv("MORGUE_SHARED_DIR");
  const std::filesystem::path seeds =
      std::filesystem::path(shared ? shared : MORGUE_SOURCE_DIR "/../shared") / "corpus/seeds";
  if (!std::filesystem::is_directory(seeds)) {
    std::cout << "SKIPPED: seed corpus not found at " << seeds.string()
              << " (clone the project with ../shared beside it to run these tests)\n";
    return 77;
  }
#endif
  doctest::Context context(argc, argv);
  return context.run();
}
