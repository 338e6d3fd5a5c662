from iop_assess.cli import main

main()
