# The ABI and the configuration checker: one library that every part of
# the project builds in, always, with its own compiler and flags.
#
#   JH_ABI_INCLUDE_DIR        include/ (jailhouse/*.h: config format,
#                             hypercalls, firmware header, checker API)
#   JH_CONFIG_CHECK_SOURCES   the checker's sources
#   jh_link_abi(TARGET)       adds both to a CMake target
#
# Users: the firmware (hypervisor/), the jailhouse command (tools/), the
# unit tests and the fuzzer (tests/); the kernel driver gets the same
# sources staged next to its Kbuild (driver/).  Include with
#   include(${JH_SOURCE_DIR}/common/abi.cmake)
get_filename_component(JH_ABI_DIR ${CMAKE_CURRENT_LIST_DIR} ABSOLUTE)
get_filename_component(JH_ABI_INCLUDE_DIR ${JH_ABI_DIR}/../include ABSOLUTE)
set(JH_CONFIG_CHECK_SOURCES ${JH_ABI_DIR}/config_check.c)

function(jh_link_abi target)
	target_include_directories(${target} PRIVATE ${JH_ABI_INCLUDE_DIR})
	target_sources(${target} PRIVATE ${JH_CONFIG_CHECK_SOURCES})
endfunction()
