// Replacing a small file so that a reader, or the next run after a crash, finds the old
// contents or the new, never a mix: write a new temporary beside it (an unguessable name,
// created O_EXCL|O_NOFOLLOW), fsync it, rename it over FILE, fsync the directory.
#pragma once

#include <filesystem>
#include <string_view>

namespace morgue {

/// Replaces `file` with `text` atomically and durably. Throws std::runtime_error naming the
/// `what` ("metrics file", "alert state") and the file on failure; `file` is then as it was
/// and no temporary is left behind.
void write_file_atomically(const std::filesystem::path& file, std::string_view text,
                           std::string_view what);

}  // namespace morgue
