// Gives the shared precompiled header (morgue_pch in CMakeLists.txt) a target to be built in.
