# Installation (cmake --install, any prefix) and the Debian package (CPack's DEB generator,
# scripts/package.sh): the commands, their man pages and bash completions made from their
# real --help, the systemd units, the example configuration and the docs.
include(GNUInstallDirs)

set(MORGUE_PROGRAMS morgue-index morgue-search morgue-serve morgue-alert)
set(MORGUE_PROGRAM_SUMMARY_morgue-index "index news articles into a morgue search index")
set(MORGUE_PROGRAM_SUMMARY_morgue-search "search a morgue index of news articles")
set(MORGUE_PROGRAM_SUMMARY_morgue-serve "serve a morgue index over HTTP: search page and JSON API")
set(MORGUE_PROGRAM_SUMMARY_morgue-alert "report saved searches on what a morgue index run brought")

install(TARGETS ${MORGUE_PROGRAMS} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Man pages and completions are made from the built commands; a build of the commands alone
# (the demo, scripts/install-deps.sh programs) may lack help2man, and then has none.
find_program(HELP2MAN help2man)
find_program(GZIP gzip REQUIRED)
set(generated ${CMAKE_BINARY_DIR}/generated)
set(generated_files)
if(NOT HELP2MAN)
  message(STATUS "help2man not found: no man pages (scripts/install-deps.sh installs it)")
endif()
foreach(program ${MORGUE_PROGRAMS})
  if(HELP2MAN)
    # Debian's way: gzip -9n (no name or time stamp, so builds are reproducible).
    add_custom_command(
      OUTPUT ${generated}/man/${program}.1.gz
      COMMAND ${CMAKE_COMMAND} -E make_directory ${generated}/man
      COMMAND ${HELP2MAN} --no-info --section=1 --source=morgue
              "--name=${MORGUE_PROGRAM_SUMMARY_${program}}"
              --output=${generated}/man/${program}.1 $<TARGET_FILE:${program}>
      COMMAND ${GZIP} -9nf ${generated}/man/${program}.1
      DEPENDS ${program}
      COMMENT "man page ${program}(1) from its --help")
    list(APPEND generated_files ${generated}/man/${program}.1.gz)
    install(FILES ${generated}/man/${program}.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  endif()
  add_custom_command(
    OUTPUT ${generated}/completion/${program}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${generated}/completion
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/make-completion.sh $<TARGET_FILE:${program}> ${program}
            > ${generated}/completion/${program}
    DEPENDS ${program} ${PROJECT_SOURCE_DIR}/scripts/make-completion.sh
    COMMENT "bash completion of ${program} from its --help")
  list(APPEND generated_files ${generated}/completion/${program})
  install(FILES ${generated}/completion/${program}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
endforeach()
add_custom_target(morgue_generated_docs ALL DEPENDS ${generated_files})

# Units and examples name the commands where this installation puts them: made at install
# time, when the prefix is known (cmake --install --prefix, CPack's /usr).
install(CODE "
  set(CMAKE_INSTALL_FULL_BINDIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
  foreach(unit morgue-index.service morgue-serve.service morgue-alert.service)
    configure_file(\"${PROJECT_SOURCE_DIR}/contrib/systemd/\${unit}.in\"
                   \"${generated}/systemd/\${unit}\" @ONLY)
  endforeach()
  configure_file(\"${PROJECT_SOURCE_DIR}/contrib/morgue-index.cron.in\"
                 \"${generated}/examples/morgue-index.cron\" @ONLY)
")
install(FILES ${generated}/systemd/morgue-index.service ${generated}/systemd/morgue-serve.service
              ${generated}/systemd/morgue-alert.service
              contrib/systemd/morgue-index.timer
        DESTINATION lib/systemd/system)
set(doc_dir ${CMAKE_INSTALL_DATADIR}/doc/morgue)
install(FILES contrib/morgue.default ${generated}/examples/morgue-index.cron
        DESTINATION ${doc_dir}/examples)
install(DIRECTORY samples/news DESTINATION ${doc_dir}/examples)  # a corpus to try it on
install(FILES README.md docs/operations.md docs/searching.md docs/indexing.md
        DESTINATION ${doc_dir})
install(DIRECTORY schemas/ DESTINATION ${doc_dir}/schemas)
install(FILES contrib/debian/copyright DESTINATION ${doc_dir})

# --- the Debian package ---------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME morgue)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "morgue maintainers <morgue@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "full-text search for news archives")
set(CPACK_PACKAGE_DESCRIPTION
    "morgue indexes a newsroom's archive of articles (plain text files with a manifest, or \
JSONL records) into a Xapian index with stemming, phrase search, name spelling variants, \
copies of one story told apart, and facets by outlet, date, person, organization and place; \
it answers ranked searches on the command line (morgue-search, JSON for scripts) and over \
HTTP (morgue-serve: a search page and a JSON API). Systemd units for a nightly reindex and \
the server are installed, not enabled.")
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.org/morgue")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends: what the binaries link (dpkg-shlibdeps), and adduser for the system user.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "prometheus-node-exporter")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/contrib/debian/postinst ${PROJECT_SOURCE_DIR}/contrib/debian/prerm
    ${PROJECT_SOURCE_DIR}/contrib/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

include(CPack)
