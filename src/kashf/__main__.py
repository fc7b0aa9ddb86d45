import sys

from kashf.cli import main

sys.exit(main())
