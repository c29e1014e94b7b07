from flexlint.cli import main

main()
