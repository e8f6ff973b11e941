// Gives the shared end-to-end precompiled header a target to be built in.
